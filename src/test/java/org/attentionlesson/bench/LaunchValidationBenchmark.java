package org.attentionlesson.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * id_token validations per second (JMH, {@link IdTokenValidationJmh}), with 1 and with 2 benchmark threads, reported
 * per thread (≈ per core when the machine is otherwise idle). Writes {@code bench/validation-report.md}, {@code .json}
 * and JMH's own JSON per thread count. A benchmark, not a test: it asserts nothing about timings.
 *
 * <p>Knobs (system properties): {@code bench.jmh.forks} (1), {@code bench.jmh.warmup} (3 iterations),
 * {@code bench.jmh.iterations} (5), {@code bench.jmh.seconds} (2 per iteration), {@code bench.jmh.threads} ("1,2").
 */
public class LaunchValidationBenchmark {
    static final double TARGET_PER_CORE = 20_000;

    @Test
    void validationsPerSecond() throws Exception {
        Path dir = BenchReport.dir();
        int forks = Integer.getInteger("bench.jmh.forks", 1);
        int warmup = Integer.getInteger("bench.jmh.warmup", 3);
        int iterations = Integer.getInteger("bench.jmh.iterations", 5);
        int seconds = Integer.getInteger("bench.jmh.seconds", 2);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String t : System.getProperty("bench.jmh.threads", "1,2").split(",")) {
            int threads = Integer.parseInt(t.trim());
            Path jmhJson = dir.resolve("validation-jmh-" + threads + "t.json");
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include(IdTokenValidationJmh.class.getName() + "\\.")
                    .forks(forks)
                    .threads(threads)
                    .warmupIterations(warmup)
                    .warmupTime(TimeValue.seconds(seconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(seconds))
                    .jvmArgsAppend("-Xmx1g", "-Dlogback.configurationFile=" + BenchReport.quietLogback())
                    .resultFormat(ResultFormatType.JSON)
                    .result(jmhJson.toString());
            Collection<RunResult> results = new Runner(opts.build()).run();
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.') + 1);
                double score = r.getPrimaryResult().getScore();
                double error = r.getPrimaryResult().getScoreError();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("benchmark", name);
                row.put("threads", threads);
                row.put("opsPerSecond", Math.round(score));
                row.put("error99", Double.isNaN(error) ? null : Math.round(error));
                row.put("opsPerSecondPerThread", Math.round(score / threads));
                row.put("microsPerOp", Math.round(1e7 * threads / score) / 10.0);
                rows.add(row);
            }
        }
        writeReport(dir, rows, forks, warmup, iterations, seconds);
    }

    private static void writeReport(Path dir, List<Map<String, Object>> rows, int forks, int warmup, int iterations,
            int seconds) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "id_token validation (JMH)");
        json.put("machine", BenchReport.machine());
        json.put("settings", Map.of("forks", forks, "warmupIterations", warmup, "measurementIterations", iterations,
                "secondsPerIteration", seconds));
        json.put("targetPerCore", TARGET_PER_CORE);
        json.put("results", rows);
        Files.writeString(dir.resolve("validation-report.json"), BenchReport.json(json));

        StringBuilder md = new StringBuilder();
        md.append("# id_token validations per second (JMH)\n\n")
                .append(BenchReport.machineLine()).append("\n\n")
                .append("JMH ").append(forks).append(" fork(s), ").append(warmup).append(" × ").append(seconds)
                .append(" s warm-up, ").append(iterations).append(" × ").append(seconds).append(" s measured. ")
                .append("Target: ≥ ").append((long) TARGET_PER_CORE).append(" validations/s per core.\n\n")
                .append("- `fullValidate`: `LaunchValidator.validate` on in-memory H2 (state lookup + delete, "
                        + "registration and deployment lookups, parse, RS256, cached JWKS kid lookup, RSASSA verify, "
                        + "every claim check, launch context built); a fresh login state per call (set-up, not timed).\n")
                .append("- `tokenOnly`: the same Nimbus calls and claim checks without the database.\n\n")
                .append("| benchmark | threads | validations/s (total) | ± (99.9 %) | per thread (≈ per core) | µs per validation per thread | target met |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            long perThread = (Long) r.get("opsPerSecondPerThread");
            md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %,d | %.1f | %s |%n", r.get("benchmark"),
                    r.get("threads"), r.get("opsPerSecond"), r.get("error99") == null ? "–" : String.format(Locale.ROOT, "%,d", r.get("error99")),
                    perThread, r.get("microsPerOp"), perThread >= TARGET_PER_CORE ? "yes" : "no"));
        }
        md.append("\nWith 2 threads on a 2-core machine shared with other work, the per-thread figure is a lower bound "
                + "of the per-core figure.\n");
        Files.writeString(dir.resolve("validation-report.md"), md.toString());
        System.out.println(md);
    }

    public static void main(String[] args) throws Exception {
        new LaunchValidationBenchmark().validationsPerSecond();
    }
}
