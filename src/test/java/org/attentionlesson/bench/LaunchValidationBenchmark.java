package org.attentionlesson.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.lti.OidcLogin;
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
        Map<String, Object> cpu = cpuPerValidation();
        writeReport(dir, rows, cpu, forks, warmup, iterations, seconds);
    }

    /**
     * The same two operations timed by the thread's own CPU clock instead of the wall clock (in this JVM, one
     * thread, after a warm-up): on a shared machine this is the steadier per-core figure. Login states are minted in
     * batches of 500 outside the timed part. A third row times the login itself ({@code OidcLogin.start}: the
     * registration from the cache, the target link checked, a sealed state and nonce, the redirect built; it writes
     * nothing), the other half of a launch's own work. A fourth times the launch token the launch hands the page
     * ({@code LaunchTokens.issue}: an HS256 JWT signed by Nimbus).
     */
    static Map<String, Object> cpuPerValidation() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        IdTokenValidationJmh.Tool tool = new IdTokenValidationJmh.Tool();
        tool.start();
        try {
            IdTokenValidationJmh.Token token = new IdTokenValidationJmh.Token();
            Map<String, Object> out = new LinkedHashMap<>();
            OidcLogin.Request login = new OidcLogin.Request(
                    tool.platform.issuer(),
                    "user-1",
                    IdTokenValidationJmh.BASE + "/lti/launch",
                    null,
                    tool.platform.clientId(),
                    null,
                    null);
            org.attentionlesson.lti.LaunchTokens launchTokens = new org.attentionlesson.lti.LaunchTokens(
                    new byte[32], java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(90));
            for (String op : List.of("fullValidate", "tokenOnly", "login", "launchToken")) {
                long cpu = 0;
                long ops = 0;
                int batches = Integer.getInteger("bench.cpu.batches", 40);
                for (int b = 0; b < batches * 2; b++) { // first half warms up
                    token.sign(tool);
                    List<IdTokenValidationJmh.Launch> launches = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        IdTokenValidationJmh.Launch l = new IdTokenValidationJmh.Launch();
                        if (op.equals("fullValidate")) {
                            l.newState(tool);
                        }
                        launches.add(l);
                    }
                    String[] ids =
                            new String[launches.size()]; // like a launch context id, made before the clock starts
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = org.attentionlesson.web.RandomTokens.of(24);
                    }
                    int k = 0;
                    IdTokenValidationJmh bench = new IdTokenValidationJmh();
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (IdTokenValidationJmh.Launch l : launches) {
                        if (op.equals("fullValidate")) {
                            bench.fullValidate(tool, l);
                        } else if (op.equals("login")) {
                            tool.login.start(login);
                        } else if (op.equals("launchToken")) {
                            launchTokens.issue(ids[k++]);
                        } else {
                            bench.tokenOnly(tool, token);
                        }
                    }
                    long t1 = mx.getCurrentThreadCpuTime();
                    if (b >= batches) {
                        cpu += t1 - t0;
                        ops += launches.size();
                    }
                }
                double micros = cpu / 1e3 / ops;
                out.put(
                        op,
                        Map.of(
                                "validations",
                                ops,
                                "cpuMicrosPerValidation",
                                Math.round(micros * 10) / 10.0,
                                "validationsPerCpuSecond",
                                Math.round(1e6 / micros)));
            }
            out.put("rsaVerifyOnly", rsaVerifyOnly(tool, token));
            return out;
        } finally {
            tool.stop();
        }
    }

    /** The floor: one JCA SHA256withRSA verification of the same token with a ready public key, nothing else. */
    static Map<String, Object> rsaVerifyOnly(IdTokenValidationJmh.Tool tool, IdTokenValidationJmh.Token token)
            throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] parts = token.idToken.split("\\.");
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sig = java.util.Base64.getUrlDecoder().decode(parts[2]);
        java.security.interfaces.RSAPublicKey key = tool.platform.signingKey().toRSAPublicKey();
        long cpu = 0;
        long ops = 0;
        for (int round = 0; round < 2; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 20_000; i++) {
                java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
                s.initVerify(key);
                s.update(signed);
                if (!s.verify(sig)) {
                    throw new IllegalStateException("signature");
                }
            }
            if (round == 1) {
                cpu = mx.getCurrentThreadCpuTime() - t0;
                ops = 20_000;
            }
        }
        double micros = cpu / 1e3 / ops;
        return Map.of(
                "validations",
                ops,
                "cpuMicrosPerValidation",
                Math.round(micros * 10) / 10.0,
                "validationsPerCpuSecond",
                Math.round(1e6 / micros));
    }

    private static void writeReport(
            Path dir,
            List<Map<String, Object>> rows,
            Map<String, Object> cpu,
            int forks,
            int warmup,
            int iterations,
            int seconds)
            throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "id_token validation (JMH)");
        json.put("machine", BenchReport.machine());
        json.put(
                "settings",
                Map.of(
                        "forks",
                        forks,
                        "warmupIterations",
                        warmup,
                        "measurementIterations",
                        iterations,
                        "secondsPerIteration",
                        seconds));
        json.put("targetPerCore", TARGET_PER_CORE);
        json.put("results", rows);
        json.put("threadCpuClock", cpu);
        Files.writeString(dir.resolve("validation-report.json"), BenchReport.json(json));

        StringBuilder md = new StringBuilder();
        md.append("# id_token validations per second (JMH)\n\n")
                .append(BenchReport.machineLine())
                .append("\n\n")
                .append("JMH ")
                .append(forks)
                .append(" fork(s), ")
                .append(warmup)
                .append(" × ")
                .append(seconds)
                .append(" s warm-up, ")
                .append(iterations)
                .append(" × ")
                .append(seconds)
                .append(" s measured. ")
                .append("Target: ≥ ")
                .append((long) TARGET_PER_CORE)
                .append(" validations/s per core.\n\n")
                .append(
                        "- `fullValidate`: `LaunchValidator.validate` on in-memory H2 (the sealed state's MAC and "
                                + "expiry, no database: the store uses it up, not timed here; "
                                + "registration and deployment lookups, parse, RS256, cached JWKS kid lookup, RSASSA verify, "
                                + "every claim check, launch context built); a fresh login state per call (set-up, not timed).\n")
                .append(
                        "- `tokenOnly` (the validation figure to hold against the target): `LaunchValidator.checkToken`, the "
                                + "code `validate` runs once the login state is consumed: parse, RS256, kid, RSASSA verify, every "
                                + "claim check, the deployment as a warm node's 5 s cache answers it, the launch context built; "
                                + "no database round trip.\n\n")
                .append(
                        "| benchmark | threads | validations/s (total) | ± (99.9 %) | per thread (≈ per core) | µs per validation per thread | target met |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            long perThread = (Long) r.get("opsPerSecondPerThread");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %,d | %s | %,d | %.1f | %s |%n",
                    r.get("benchmark"),
                    r.get("threads"),
                    r.get("opsPerSecond"),
                    r.get("error99") == null ? "–" : String.format(Locale.ROOT, "%,d", r.get("error99")),
                    perThread,
                    r.get("microsPerOp"),
                    perThread >= TARGET_PER_CORE ? "yes" : "no"));
        }
        md.append(
                        "\nBy the thread CPU clock (one thread in the test JVM, after warm-up; steadier on a shared machine; `rsaVerifyOnly` is the floor: a bare JCA SHA256withRSA verification of the same token):\n\n")
                .append("| benchmark | CPU µs per validation | validations per CPU-second (per core) | target met |\n")
                .append("|---|---:|---:|---|\n");
        for (Map.Entry<String, Object> e : cpu.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            long perCore = (Long) m.get("validationsPerCpuSecond");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %,d | %s |%n",
                    e.getKey(),
                    m.get("cpuMicrosPerValidation"),
                    perCore,
                    e.getKey().equals("login") || e.getKey().equals("launchToken")
                            ? "– (not a validation)"
                            : perCore >= TARGET_PER_CORE ? "yes" : "no"));
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
