package org.attentionlesson.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secrets at rest: the H2 folder holds the tool's private keys and the launch-token secret, so another user of the
 * machine must not read it; and what a launch leaves behind (login states, used nonces, superseded launch contexts)
 * does not pile up forever.
 */
class DataAtRestIT {
    @Test
    void theDataDirectoryIs0700AndEveryDatabaseFile0600AfterStart() throws Exception {
        try (TomcatServer tomcat = TomcatServer.start(0, Map.of())) {
            Path data = tomcat.baseDir().resolve("data");
            assertModes(data);
            assertTrue(
                    files(data).stream()
                            .anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")),
                    "H2 file in " + data);
        }
    }

    @Test
    void aWiderDataDirectoryLeftByAnOlderInstallIsTightenedAtStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path leftover = Files.writeString(data.resolve("notes.txt"), "an old export");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        try (TomcatServer tomcat = TomcatServer.start(0, Map.of("attention.dataDir", data.toString()))) {
            assertModes(data);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void expiredLoginStatesOldNoncesAndSupersededLaunchContextsArePurgedOnASchedule(
            TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("purge");
                TestDatabase db = TestDatabase.create(kind, dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            params.put("attention.housekeepingSeconds", "1");
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                LtiHttp http = new LtiHttp(tomcat.baseUrl());
                for (String user : List.of("ada", "ada", "alan")) {
                    LtiHttp.Login login = http.login(platform);
                    HttpResponse<String> r = http.launch(
                            platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), user, "Learner")
                                    .build()),
                            login.state(),
                            login.cookie());
                    assertEquals(303, r.statusCode(), r.body());
                }
                assertEquals(3, db.count("launch_context"), "fresh launches stay");
                LtiHttp.Login pending = http.login(platform); // not launched yet: its state (and nonce) must stay
                OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3);
                try (Connection c = db.connect()) {
                    // Age the launches, Ada's first the oldest; add an expired login state and an old used nonce.
                    List<String> ada = new java.util.ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(
                                    "SELECT id FROM launch_context WHERE subject = 'ada' ORDER BY created_at");
                            java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ada.add(rs.getString(1));
                        }
                    }
                    assertEquals(2, ada.size());
                    exec(c, "UPDATE launch_context SET created_at = ?", old);
                    exec(c, "UPDATE launch_context SET created_at = ? WHERE id = ?", old.minusHours(1), ada.get(0));
                    long regId = db.longQuery("SELECT MIN(id) FROM platform_registration");
                    exec(
                            c,
                            "INSERT INTO login_state (state, nonce, registration_id, target_link_uri, created_at, expires_at) "
                                    + "VALUES ('old-state', 'old-nonce', ?, 'x', ?, ?)",
                            regId,
                            old,
                            old.plusMinutes(5));
                    exec(
                            c,
                            "INSERT INTO used_nonce (nonce, registration_id, used_at) VALUES ('nonce-of-last-week', ?, ?)",
                            regId,
                            old);
                    // A sealed state used up by a refused launch: kept until the state itself expires, then dropped.
                    exec(c, "INSERT INTO used_login_state (state_id, expires_at) VALUES ('used-expired', ?)", old);
                    exec(
                            c,
                            "INSERT INTO used_login_state (state_id, expires_at) VALUES ('used-live', ?)",
                            OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5));
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (System.nanoTime() < deadline
                        && (db.count("launch_context") > 2
                                || db.longQuery("SELECT COUNT(*) FROM login_state WHERE state = 'old-state'") > 0
                                || db.count("used_login_state") > 1
                                || db.longQuery("SELECT COUNT(*) FROM used_nonce WHERE nonce = 'nonce-of-last-week'")
                                        > 0)) {
                    Thread.sleep(200);
                }
                assertEquals(0, db.longQuery("SELECT COUNT(*) FROM login_state WHERE state = 'old-state'"));
                assertEquals(0, db.longQuery("SELECT COUNT(*) FROM used_nonce WHERE nonce = 'nonce-of-last-week'"));
                assertEquals(2, db.count("launch_context"), "Ada's superseded launch goes");
                assertEquals(
                        1,
                        db.longQuery("SELECT COUNT(*) FROM launch_context WHERE subject = 'ada'"),
                        "each person's latest launch of a link stays (the class results list them)");
                assertEquals(1, db.longQuery("SELECT COUNT(*) FROM launch_context WHERE subject = 'alan'"));
                assertEquals(
                        List.of("used-live"),
                        List.of(db.stringQuery("SELECT state_id FROM used_login_state")),
                        "a used sealed state is remembered until it expires");
                HttpResponse<String> late = http.launch(
                        platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(), pending.nonce(), "grace", "Learner")
                                .build()),
                        pending.state(),
                        pending.cookie());
                assertEquals(303, late.statusCode(), "an unexpired login state outlives the purge: " + late.body());
            }
        }
    }

    static void exec(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    static void assertModes(Path data) throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)), data.toString());
        for (Path f : files(data)) {
            if (Files.isRegularFile(f)) {
                assertEquals(
                        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
