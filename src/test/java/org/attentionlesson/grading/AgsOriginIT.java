package org.attentionlesson.grading;

import static org.attentionlesson.grading.GradeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A launch cannot make the tool call another site: the AGS claim's line item URLs must share an origin with what
 * the registration declared (issuer, auth, token, JWKS). The attacker's server is a second loopback origin
 * (127.0.0.2): it must receive no request at all, and the delivery fails visibly with a plain reason. And a
 * platform's reply body is never shown to instructors: the reason is a plain status line.
 */
class AgsOriginIT {
    private static Path dir;
    private static TestDatabase db;
    private static TestPlatform platform;
    private static AgsPlatform ags;
    private static AgsPlatform attacker;
    private static TomcatServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ags-origin-it-");
        db = TestDatabase.h2(dir);
        platform = TestPlatform.start("ags-origin-client");
        ags = AgsPlatform.start(4);
        attacker = AgsPlatform.startOn("127.0.0.2", 4);
        Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
        params.putAll(db.params());
        params.put(
                "attention.registrationsFile",
                GradeFixture.registrationsFile(dir, platform, ags, null).toString());
        server = TomcatServer.start(0, params);
        ags.verifyAssertionsWith(server.baseUrl() + "/.well-known/jwks.json");
        attacker.verifyAssertionsWith(server.baseUrl() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stop() {
        server.close();
        attacker.close();
        ags.close();
        platform.close();
        db.close();
        TomcatServer.deleteRecursively(dir.toFile());
    }

    @Test
    void aLineItemUrlOnAnotherOriginIsNeverCalled() throws Exception {
        Launch launch = GradeFixture.launch(
                server.baseUrl(),
                platform,
                db,
                "student-elsewhere",
                GradeFixture.LEARNER,
                "link-elsewhere",
                attacker,
                1);
        GradeFixture.submit(
                db, List.of(new Submission(launch.launchId(), "student-elsewhere", "link-elsewhere", 7, 10)));
        await(
                "failed",
                Duration.ofSeconds(15),
                () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE "
                                + "subject = 'student-elsewhere' AND status = 'FAILED'")
                        == 1);
        assertEquals(0, attacker.allRequests.get(), "the other origin received no request");
        assertEquals(
                1,
                db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE subject = 'student-elsewhere' "
                        + "AND last_error LIKE '%not on a site this platform registered%'"));
        assertEquals(0, attacker.acceptedCount());
    }

    @Test
    void theSameOriginAsTheRegistrationIsDelivered() {
        Launch launch = GradeFixture.launch(
                server.baseUrl(), platform, db, "student-home", GradeFixture.LEARNER, "link-1", ags, 1);
        GradeFixture.submit(db, List.of(new Submission(launch.launchId(), "student-home", "link-1", 8, 10)));
        await(
                "delivered",
                Duration.ofSeconds(15),
                () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE "
                                + "subject = 'student-home' AND status = 'DELIVERED'")
                        == 1);
        assertEquals(1, ags.acceptedFor("student-home").size());
    }

    @Test
    void thePlatformsReplyBodyIsNeverShownAsTheReason() throws Exception {
        ags.notStudents.add("teacher-as-student");
        Launch launch = GradeFixture.launch(
                server.baseUrl(), platform, db, "teacher-as-student", GradeFixture.LEARNER, "link-1", ags, 1);
        GradeFixture.submit(db, List.of(new Submission(launch.launchId(), "teacher-as-student", "link-1", 5, 10)));
        await(
                "failed",
                Duration.ofSeconds(15),
                () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE "
                                + "subject = 'teacher-as-student' AND status = 'FAILED'")
                        == 1);
        String reason = db.stringQuery("SELECT last_error FROM grade_outbox WHERE subject = 'teacher-as-student'");
        assertTrue(reason.contains("HTTP 422"), reason);
        assertFalse(reason.contains("is not a student"), "the platform's own words stay in the log: " + reason);

        Launch teacher = GradeFixture.launch(
                server.baseUrl(), platform, db, "teacher-2", GradeFixture.INSTRUCTOR, "link-1", ags, 1);
        String page = new LtiHttp(server.baseUrl())
                .get("/instructor/grades?lt=" + teacher.lt())
                .body();
        assertTrue(page.contains("teacher-as-student"), page);
        assertFalse(page.contains("is not a student"), "no platform text on the page");
    }
}
