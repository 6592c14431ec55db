package org.attentionlesson.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.store.Sql;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * The class page at scale (issue 10): for 2,000 and 10,000 students (a seventh never started, a fifth in progress,
 * the rest finished with every item answered), on H2 and on PostgreSQL, the first page's server time (wall clock and
 * the Tomcat request threads' CPU) and size, and the full CSV's time, size and the bytes the request threads
 * allocated for it; then the NRPS fetch of 2,000 members in 20 pages against the dev LMS. The roster comes over NRPS
 * from a {@link TestPlatform} endpoint (read once, then cached, as in use). Writes {@code class-report.md} and
 * {@code class-report.json}. Measures and reports; asserts nothing. Sizes: {@code -Dattention.bench.classSizes=2000,10000}.
 */
class ClassPageBenchmark {
    private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    private static final String LINK = "bench-link";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ROUNDS = Integer.getInteger("attention.bench.classRounds", 15);
    private static volatile int members;

    @Test
    void classPageCsvAndRosterAtScale() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", BenchReport.machine());
        List<Map<String, Object>> runs = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Class page benchmark (issue 10)\n\n")
                .append(BenchReport.machineLine())
                .append(
                        "\n\nShared 2-core machine (other builds ran at the same time): figures are noisy. \"wall\" is the"
                                + " client's time over loopback (in the same JVM as the server); \"server time\" is the time"
                                + " the request spent in the application (a valve on its context, from the request's"
                                + " arrival there to the servlet's return); \"server CPU\" is the Tomcat request threads'"
                                + " CPU per request, read in-process.\n\n"
                                + "| database | students | first page wall median ms | p90 | server time median ms | p90 |"
                                + " server time, counts read every view: median ms | p90 |"
                                + " server CPU ms/page | page KB |"
                                + " sorted by time (whole class read in full) median ms | its server CPU ms | CSV median ms |"
                                + " CSV server CPU ms | CSV KB | CSV allocated per request MB | CSV allocated per row KB |"
                                + " CSV peak heap delta MB | CSV live heap after GC mid-stream MB (GCs) |\n"
                                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        String sizes = System.getProperty("attention.bench.classSizes", "2000,10000");
        String kinds = System.getProperty("attention.bench.classDatabases", "H2,POSTGRES");
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            if (!kinds.contains(kind.name())) {
                continue;
            }
            for (String s : sizes.split(",")) {
                Map<String, Object> r = run(kind, Integer.parseInt(s.trim()));
                runs.add(r);
                md.append(String.format(
                        java.util.Locale.ROOT,
                        "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f | %.1f | %.0f | %.1f | %.2f | %.1f |"
                                + " %.2f (%d) |%n",
                        kind,
                        r.get("students"),
                        r.get("pageMedianMs"),
                        r.get("pageP90Ms"),
                        r.get("pageServerMedianMs"),
                        r.get("pageServerP90Ms"),
                        r.get("pageColdServerMedianMs"),
                        r.get("pageColdServerP90Ms"),
                        r.get("pageCpuMs"),
                        r.get("pageKb"),
                        r.get("timeSortMedianMs"),
                        r.get("timeSortCpuMs"),
                        r.get("csvMedianMs"),
                        r.get("csvCpuMs"),
                        r.get("csvKb"),
                        r.get("csvAllocatedMb"),
                        r.get("csvAllocatedKbPerRow"),
                        r.get("csvPeakHeapDeltaMb"),
                        r.get("csvLiveHeapMb"),
                        r.get("csvLiveHeapGcs")));
                Files.writeString(BenchReport.dir().resolve("class-report.md"), md.toString()); // so far
            }
        }
        report.put("classPage", runs);
        md.append("\nGrowth from the smallest to the largest class (cost ratio beside the class's ratio):\n\n"
                + "| database | students | page CPU | page wall | CSV wall | CSV CPU |\n|---|---|---|---|---|---|\n");
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            List<Map<String, Object>> mine = runs.stream()
                    .filter(r -> r.get("database").equals(kind.name()))
                    .toList();
            if (mine.size() < 2) {
                continue;
            }
            Map<String, Object> a = mine.get(0);
            Map<String, Object> b = mine.get(mine.size() - 1);
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "| %s | %d→%d (%.1f×) | %.2f× | %.2f× | %.2f× | %.2f× |%n",
                    kind,
                    a.get("students"),
                    b.get("students"),
                    ((Integer) b.get("students")) / (double) (Integer) a.get("students"),
                    ratio(b, a, "pageCpuMs"),
                    ratio(b, a, "pageMedianMs"),
                    ratio(b, a, "csvMedianMs"),
                    ratio(b, a, "csvCpuMs")));
        }
        if (Boolean.parseBoolean(System.getProperty("attention.bench.classNrps", "true"))) {
            Map<String, Object> nrps = nrpsAgainstDevLms(2000, 100);
            report.put("nrpsDevLms", nrps);
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "%nNRPS fetch through the class page's refresh, %d members in"
                            + " %d pages against the dev LMS: median %.0f ms (whole request, cached token).%n",
                    2000,
                    20,
                    nrps.get("medianMs")));
        }
        Files.writeString(BenchReport.dir().resolve("class-report.md"), md.toString());
        Files.writeString(BenchReport.dir().resolve("class-report.json"), BenchReport.json(report));
        System.out.println(md);
    }

    private static Map<String, Object> run(TestDatabase.Kind kind, int students) throws Exception {
        Path dir = Files.createTempDirectory("class-bench-");
        members = students;
        try (TestDatabase db = TestDatabase.create(kind, dir);
                TestPlatform platform = TestPlatform.start("class-bench")) {
            platform.serve(
                    "/token",
                    ex -> send(
                            ex,
                            200,
                            "application/json",
                            "{\"access_token\":\"bench\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
                            null));
            platform.serve("/memberships", ex -> memberships(ex, platform));
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            params.put("attention.nrps.pageSize", "1000");
            params.put("attention.grading.worker", "false");
            Map<String, Object> r = new LinkedHashMap<>();
            try (TomcatServer server = TomcatServer.start(0, params)) {
                AtomicLong serverNanos = timed(server);
                LtiHttp http = new LtiHttp(server.baseUrl());
                String teacher = launch(http, server, platform, "bench-teacher", INSTRUCTOR);
                seed(db, students);
                String page = server.baseUrl() + "/instructor/class?lt=" + teacher;
                String csv = server.baseUrl() + "/instructor/class/export?lt=" + teacher;
                String byTime = page + "&sort=time&dir=desc";
                get(page); // roster read and cached, JIT warm-up
                for (int i = 0; i < 5; i++) {
                    get(page);
                    get(byTime);
                    get(csv);
                }
                String marker = "-" + server.port() + "-";
                List<Double> pageMs = new ArrayList<>();
                List<Double> pageServerMs = new ArrayList<>();
                long cpu0 = BenchServer.threadCpu(marker);
                int size = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    long t = System.nanoTime();
                    size = get(page).length;
                    pageMs.add((System.nanoTime() - t) / 1e6);
                    pageServerMs.add(serverNanos.get() / 1e6);
                }
                double pageCpu = (BenchServer.threadCpu(marker) - cpu0) / 1e6 / ROUNDS;
                List<Double> timeMs = new ArrayList<>();
                long timeCpu0 = BenchServer.threadCpu(marker);
                for (int i = 0; i < ROUNDS; i++) {
                    long t = System.nanoTime();
                    get(byTime);
                    timeMs.add((System.nanoTime() - t) / 1e6);
                }
                double timeCpu = (BenchServer.threadCpu(marker) - timeCpu0) / 1e6 / ROUNDS;
                List<Double> csvMs = new ArrayList<>();
                int csvSize = 0;
                long alloc0 = allocated(marker);
                long csvCpu0 = BenchServer.threadCpu(marker);
                for (int i = 0; i < ROUNDS; i++) {
                    long t = System.nanoTime();
                    csvSize = get(csv).length;
                    csvMs.add((System.nanoTime() - t) / 1e6);
                }
                double csvCpu = (BenchServer.threadCpu(marker) - csvCpu0) / 1e6 / ROUNDS;
                double csvAlloc = (allocated(marker) - alloc0) / 1e6 / ROUNDS;
                double csvHeap = peakHeapDelta(csv);
                double[] live = liveHeapDuring(csv);
                r.put("database", kind.name());
                r.put("students", students);
                r.put("pageMedianMs", median(pageMs));
                r.put("pageP90Ms", percentile(pageMs, 0.9));
                r.put("pageServerMedianMs", median(pageServerMs));
                r.put("pageServerP90Ms", percentile(pageServerMs, 0.9));
                r.put("timeSortMedianMs", median(timeMs));
                r.put("timeSortCpuMs", timeCpu);
                r.put("csvCpuMs", csvCpu);
                r.put("pageCpuMs", pageCpu);
                r.put("pageKb", size / 1024.0);
                r.put("csvMedianMs", median(csvMs));
                r.put("csvKb", csvSize / 1024.0);
                r.put("csvAllocatedMb", csvAlloc);
                r.put("csvPeakHeapDeltaMb", csvHeap);
                r.put("csvAllocatedKbPerRow", csvAlloc * 1000 / students);
                r.put("csvLiveHeapMb", live[0]);
                r.put("csvLiveHeapGcs", (int) live[1]);
            }
            // The same page on a node that remembers no class counts (attention.classSummarySeconds=0): every view
            // reads who launched and who started from the database, as the first view after a change does.
            params.put("attention.classSummarySeconds", "0");
            try (TomcatServer server = TomcatServer.start(0, params)) {
                AtomicLong serverNanos = timed(server);
                String teacher = launch(new LtiHttp(server.baseUrl()), server, platform, "bench-teacher", INSTRUCTOR);
                String page = server.baseUrl() + "/instructor/class?lt=" + teacher;
                for (int i = 0; i < 40; i++) { // as warm as the first node's page (it also served CSVs and sorts)
                    get(page);
                }
                List<Double> coldServerMs = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    get(page);
                    coldServerMs.add(serverNanos.get() / 1e6);
                }
                r.put("pageColdServerMedianMs", median(coldServerMs));
                r.put("pageColdServerP90Ms", percentile(coldServerMs, 0.9));
            }
            return r;
        }
    }

    /** Installs a valve on the WAR's context that keeps the time the latest request spent in the application. */
    private static AtomicLong timed(TomcatServer server) {
        AtomicLong serverNanos = new AtomicLong();
        server.context().getPipeline().addValve(new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                long t = System.nanoTime();
                try {
                    getNext().invoke(request, response);
                } finally {
                    serverNanos.set(System.nanoTime() - t);
                }
            }
        });
        return serverNanos;
    }

    /** The dev LMS course of {@code size} learners read over NRPS in pages of {@code pageSize}, via the refresh button. */
    private static Map<String, Object> nrpsAgainstDevLms(int size, int pageSize) throws Exception {
        Path dir = Files.createTempDirectory("class-bench-nrps-");
        try (TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put("attention.devMode", "true");
            params.put("attention.dev.courseSize", String.valueOf(size + 1)); // one instructor
            params.put("attention.nrps.pageSize", String.valueOf(pageSize));
            try (TomcatServer server = TomcatServer.start(0, params)) {
                String teacher = new DevLmsClient(server.baseUrl())
                        .launch("teacher-alan", "get")
                        .launchToken();
                String url = server.baseUrl() + "/instructor/class?refresh=1&lt=" + teacher;
                get(url);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long t = System.nanoTime();
                    get(url);
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                return Map.of("members", size, "pages", size / pageSize, "medianMs", median(ms));
            }
        }
    }

    /**
     * The class as the tool would have stored it: every student who started has a launch at the link (with a name,
     * as most platforms share one), an attempt (finished, or half answered) in the link's deployment and course,
     * and every finished attempt a delivered score in the outbox.
     */
    private static void seed(TestDatabase db, int students) throws Exception {
        Exercise exercise = new ContentLoader(new DirectoryContentSource(Path.of("content")))
                .load()
                .require("attention-in-brief")
                .exercise();
        List<ExerciseItem> items = exercise.items();
        String itemIds = String.join(",", items.stream().map(ExerciseItem::id).toList());
        String pairIds =
                String.join(",", exercise.pairs().stream().map(p -> p.id()).toList());
        String teacherLaunch = db.stringQuery("SELECT id FROM launch_context WHERE subject = 'bench-teacher'");
        long reg = db.longQuery("SELECT registration_id FROM launch_context WHERE id = ?", teacherLaunch);
        long dep = db.longQuery("SELECT deployment_row_id FROM launch_context WHERE id = ?", teacherLaunch);
        String ctx = db.stringQuery("SELECT context_id FROM launch_context WHERE id = ?", teacherLaunch);
        Instant t0 = Instant.now().minusSeconds(3600);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement a = c.prepareStatement(
                            "INSERT INTO exercise_attempt (registration_id, learner_key, "
                                    + "anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, "
                                    + "submitted_at, score_given, score_maximum, deployment_row_id, context_id) "
                                    + "VALUES (?, ?, FALSE, ?, 'attention-in-brief', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            new String[] {"id"});
                    PreparedStatement x = c.prepareStatement("INSERT INTO exercise_answer (attempt_id, item_id, "
                            + "antecedent_index, cue_index, antecedent_correct, cue_correct, points, committed_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement l = c.prepareStatement("INSERT INTO launch_context (id, registration_id, "
                            + "deployment_row_id, message_type, subject, name, roles, context_id, resource_link_id, "
                            + "nrps_url, created_at) SELECT ?, registration_id, deployment_row_id, message_type, ?, ?, ?, "
                            + "context_id, resource_link_id, nrps_url, ? FROM launch_context WHERE id = ?");
                    PreparedStatement o = c.prepareStatement("INSERT INTO grade_outbox (registration_id, subject, "
                            + "resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, "
                            + "submitted_at, regrade, status, tries, next_attempt_at, give_up_at, created_at, finished_at, "
                            + "deployment_row_id, context_id) VALUES (?, ?, ?, ?, 1, ?, 18, ?, ?, FALSE, 'DELIVERED', 1, "
                            + "?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < students; i++) {
                    if (i % 7 == 0) {
                        continue; // never started (nor launched)
                    }
                    boolean finished = i % 5 != 0;
                    Instant start = t0.plusSeconds(i % 600);
                    String launchId = "bench-launch-" + i;
                    Sql.bind(
                            l,
                            launchId,
                            "s-" + i,
                            "Student " + i,
                            "[\"" + LEARNER + "\"]",
                            start.minusSeconds(5),
                            teacherLaunch);
                    l.addBatch();
                    Sql.bind(
                            a,
                            reg,
                            "s-" + i,
                            LINK,
                            launchId,
                            pairIds,
                            itemIds,
                            start,
                            finished ? start.plusSeconds(300) : null,
                            finished ? (double) (i % 19) : null,
                            finished ? 18.0 : null,
                            dep,
                            ctx);
                    if (!finished) {
                        a.setNull(8, java.sql.Types.TIMESTAMP);
                        a.setNull(9, java.sql.Types.DOUBLE);
                        a.setNull(10, java.sql.Types.DOUBLE);
                    }
                    a.executeUpdate();
                    long id;
                    try (var keys = a.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    int answered = finished ? items.size() : items.size() / 2;
                    for (int k = 0; k < answered; k++) {
                        ExerciseItem item = items.get(k);
                        boolean right = (i + k) % 3 != 0;
                        x.setLong(1, id);
                        x.setString(2, item.id());
                        x.setInt(3, right ? item.accepted().get(0) : item.pronoun() == 0 ? 1 : 0);
                        x.setInt(4, item.cue().get(0));
                        x.setBoolean(5, right);
                        x.setBoolean(6, true);
                        x.setDouble(7, right ? 1.5 : 0.5);
                        x.setTimestamp(8, Timestamp.from(start.plusSeconds(20L * (k + 1))));
                        x.addBatch();
                    }
                    if (finished) {
                        Instant done = start.plusSeconds(300);
                        Sql.bind(
                                o,
                                reg,
                                "s-" + i,
                                LINK,
                                launchId,
                                (double) (i % 19),
                                done,
                                done,
                                done,
                                done.plusSeconds(86_400),
                                done,
                                done.plusSeconds(2),
                                dep,
                                ctx);
                        o.addBatch();
                    }
                    if (i % 500 == 0) {
                        l.executeBatch();
                        x.executeBatch();
                        o.executeBatch();
                        c.commit();
                    }
                }
                l.executeBatch();
                x.executeBatch();
                o.executeBatch();
            }
            c.commit();
            // Statistics as a database in use has them (autovacuum would, given time): without them PostgreSQL
            // plans the class's lookups for empty tables and reads the whole link each time.
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }

    private static void memberships(HttpExchange ex, TestPlatform platform) throws IOException {
        String q =
                ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        int page = q.contains("page=") ? Integer.parseInt(q.replaceAll(".*page=(\\d+).*", "$1")) : 0;
        int size = 1000;
        StringBuilder sb = new StringBuilder("{\"members\":[");
        for (int i = page * size; i < Math.min(members, (page + 1) * size); i++) {
            sb.append(i == page * size ? "" : ",")
                    .append("{\"user_id\":\"s-")
                    .append(i)
                    .append("\",\"name\":\"Student ")
                    .append(i)
                    .append("\",\"roles\":[\"")
                    .append(LEARNER)
                    .append("\"]}");
        }
        sb.append("]}");
        String next = (page + 1) * size < members
                ? "<" + platform.baseUrl() + "/memberships?page=" + (page + 1) + ">; rel=\"next\""
                : null;
        send(ex, 200, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json", sb.toString(), next);
    }

    private static void send(HttpExchange ex, int status, String type, String body, String link) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (link != null) {
            ex.getResponseHeaders().set("Link", link);
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static String launch(
            LtiHttp http, TomcatServer server, TestPlatform platform, String subject, String role) {
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet claims = platform.resourceLinkClaims(server.baseUrl(), login.nonce(), subject, role)
                .claim(TestPlatform.LTI + "resource_link", Map.of("id", LINK, "title", "Attention lesson"))
                .claim(
                        "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
                        Map.of(
                                "context_memberships_url",
                                platform.baseUrl() + "/memberships",
                                "service_versions",
                                List.of("2.0")))
                .build();
        HttpResponse<String> launched = http.launch(platform.sign(claims), login.state(), login.cookie());
        String location = launched.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("lt=") + 3).split("&")[0];
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Bytes allocated so far by this Tomcat connector's request threads. */
    private static long allocated(String marker) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null
                    && t.getThreadName().startsWith("http-nio-")
                    && t.getThreadName().contains(marker)) {
                sum += Math.max(0, mx.getThreadAllocatedBytes(t.getThreadId()));
            }
        }
        return sum;
    }

    /**
     * The most the used heap rose above its level after a collection while one {@code url} was answered (sampled
     * every millisecond; garbage not yet collected counts, so this is an upper bound on what the request held).
     */
    private static double peakHeapDelta(String url) throws Exception {
        java.lang.management.MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        Thread.sleep(200);
        long base = mem.getHeapMemoryUsage().getUsed();
        long[] peak = {base};
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        get(url);
        running.set(false);
        sampler.join();
        return (peak[0] - base) / 1e6;
    }

    /**
     * What the server holds while it streams {@code url}: collections forced one after another while the response
     * is read (and thrown away, so the client holds nothing), the most heap in use right after one, above the level
     * after a collection before the request; and how many collections fell within the request. Flat memory: the
     * figure does not grow with the class.
     */
    private static double[] liveHeapDuring(String url) throws Exception {
        java.lang.management.MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        Thread.sleep(200);
        System.gc();
        long base = mem.getHeapMemoryUsage().getUsed();
        long[] peak = {base, 0};
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                System.gc();
                if (running.get()) {
                    peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                    peak[1]++;
                }
            }
        });
        collector.start();
        HttpResponse<Void> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        running.set(false);
        collector.join();
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return new double[] {(peak[0] - base) / 1e6, peak[1]};
    }

    private static double ratio(Map<String, Object> big, Map<String, Object> small, String key) {
        return ((Number) big.get(key)).doubleValue() / ((Number) small.get(key)).doubleValue();
    }

    private static double percentile(List<Double> xs, double p) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
