package org.attentionlesson.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared bits of the benchmark reports: where they go, what machine they ran on, JSON output. */
final class BenchReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {}

    /** {@code -Dattention.bench.dir} (the bench profile sets it to {@code ${attention.buildDir}/bench}), else target/bench. */
    static Path dir() {
        String d = System.getProperty("attention.bench.dir");
        Path p = d == null || d.isBlank() || d.startsWith("${") ? Path.of("target", "bench") : Path.of(d);
        try {
            return Files.createDirectories(p.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("when", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return m;
    }

    static String machineLine() {
        Map<String, Object> m = machine();
        return "Run " + m.get("when") + " on " + m.get("cores") + " cores, " + m.get("java") + ", " + m.get("os")
                + " (load average " + String.format(java.util.Locale.ROOT, "%.2f", (Double) m.get("loadAverageAtStart"))
                + " at start; the machine is shared, so absolute figures are noisy).";
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A logback configuration at WARN for JVMs the benchmarks start whose logs are not what is measured. */
    static Path quietLogback() {
        Path f = dir().resolve("logback-quiet.xml");
        try {
            Files.writeString(f, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}
