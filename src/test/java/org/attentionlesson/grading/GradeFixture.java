package org.attentionlesson.grading;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;

/**
 * What the grading integration tests share: an id_token-signing platform ({@link TestPlatform}) whose
 * registration points its token URL at an emulated AGS platform ({@link AgsPlatform}), real launches over HTTP,
 * and a test-only way to put many submitted attempts (with their {@code grade_event}) into the database at once,
 * exactly as the lesson's submit transaction writes them (deployment and course taken from the launch).
 */
public final class GradeFixture {
    public static final String AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    public static final String SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/";
    public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    public static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    private GradeFixture() {}

    /** Fast retries for tests: grading.* settings as context parameters. */
    public static Map<String, String> fastGrading() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("attention.grading.pollMillis", "100");
        p.put("attention.grading.backoffBaseMillis", "200");
        p.put("attention.grading.backoffMaxMillis", "1500");
        p.put("attention.grading.leaseSeconds", "4");
        p.put("attention.ags.timeoutMillis", "1500");
        p.put("attention.ags.connectTimeoutMillis", "1000");
        return p;
    }

    public static Path registrationsFile(Path dir, TestPlatform platform, AgsPlatform ags, String productFamily)
            throws Exception {
        String json = "{\"registrations\": [{\"issuer\": \"" + platform.issuer() + "\", \"clientId\": \""
                + platform.clientId() + "\", \"name\": \"Test platform\", \"authUrl\": \"" + platform.authUrl()
                + "\", \"jwksUrl\": \"" + platform.jwksUrl() + "\", \"tokenUrl\": \"" + ags.tokenUrl() + "\""
                + (productFamily == null ? "" : ", \"productFamily\": \"" + productFamily + "\"")
                + ", \"deployments\": [\"" + TestPlatform.DEPLOYMENT_ID + "\"]}]}";
        Files.createDirectories(dir);
        Path f = dir.resolve("registrations-grades-" + System.nanoTime() + ".json");
        Files.writeString(f, json);
        return f;
    }

    /** A launch that happened: its token (for API calls) and its stored id (launch_context). */
    public record Launch(String lt, String launchId) {}

    /**
     * Launches over real HTTP as {@code subject} on resource link {@code linkId}, with an AGS claim naming the
     * container and, when {@code lineItem} is not null, that line item. {@code ags} null = no AGS claim at all.
     */
    public static Launch launch(
            String toolBase,
            TestPlatform platform,
            TestDatabase db,
            String subject,
            String role,
            String linkId,
            AgsPlatform ags,
            Integer lineItem) {
        LtiHttp http = new LtiHttp(toolBase);
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet.Builder claims = platform.resourceLinkClaims(toolBase, login.nonce(), subject, role)
                .claim(TestPlatform.LTI + "resource_link", Map.of("id", linkId, "title", "Attention lesson " + linkId));
        if (ags != null) {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("scope", List.of(SCOPE + "lineitem", SCOPE + "score", SCOPE + "result.readonly"));
            endpoint.put("lineitems", ags.lineItemsUrl());
            if (lineItem != null) {
                endpoint.put("lineitem", ags.lineItemUrl(lineItem));
            }
            claims.claim(AGS_CLAIM, endpoint);
        }
        HttpResponse<String> r = http.launch(platform.sign(claims.build()), login.state(), login.cookie());
        String location = r.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("launch failed: " + r.statusCode() + " " + r.body()));
        String lt = LtiHttp.query(java.net.URI.create(toolBase + location)).get("lt");
        String id;
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM launch_context "
                        + "WHERE subject = ? AND resource_link_id = ? ORDER BY created_at DESC")) {
            ps.setString(1, subject);
            ps.setString(2, linkId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Launch(lt, id);
    }

    /** One submitted attempt: who, on which link, through which launch, with what score. */
    public record Submission(String launchId, String subject, String linkId, double score, double max) {}

    /**
     * Writes submitted attempts and their grade events in one transaction, as ExerciseService.submit does (test-only
     * path for volume tests; the end-to-end test goes through the exercise API).
     */
    public static void submit(TestDatabase db, List<Submission> submissions) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (Submission s : submissions) {
                long registrationId;
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT registration_id FROM launch_context WHERE id = ?")) {
                    ps.setString(1, s.launchId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        registrationId = rs.getLong(1);
                    }
                }
                int number;
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(attempt_number), 0) + 1 FROM "
                        + "exercise_attempt WHERE registration_id = ? AND learner_key = ? AND resource_link_id = ?")) {
                    ps.setLong(1, registrationId);
                    ps.setString(2, s.subject());
                    ps.setString(3, s.linkId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        number = rs.getInt(1);
                    }
                }
                Timestamp now = Timestamp.from(Instant.now());
                long attemptId;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO exercise_attempt (registration_id, learner_key, "
                                + "anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, "
                                + "submitted_at, score_given, score_maximum, deployment_row_id, context_id) VALUES (?, ?, FALSE, ?, "
                                + "'attention-in-brief', ?, ?, 'p1', 'i1', ?, ?, ?, ?, "
                                + "(SELECT deployment_row_id FROM launch_context WHERE id = ?), "
                                + "(SELECT context_id FROM launch_context WHERE id = ?))",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setLong(1, registrationId);
                    ps.setString(2, s.subject());
                    ps.setString(3, s.linkId());
                    ps.setInt(4, number);
                    ps.setString(5, s.launchId());
                    ps.setTimestamp(6, now);
                    ps.setTimestamp(7, now);
                    ps.setDouble(8, s.score());
                    ps.setDouble(9, s.max());
                    ps.setString(10, s.launchId());
                    ps.setString(11, s.launchId());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        attemptId = keys.getLong(1);
                    }
                }
                // The launch's facts (deployment, grade service) are left for intake to take from the launch, as for an
                // event a node wrote before grade events carried them.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_event (attempt_id, registration_id, "
                        + "subject, resource_link_id, launch_id, score_given, score_maximum, created_at, attempt_number, "
                        + "submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, attemptId);
                    ps.setLong(2, registrationId);
                    ps.setString(3, s.subject());
                    ps.setString(4, s.linkId());
                    ps.setString(5, s.launchId());
                    ps.setDouble(6, s.score());
                    ps.setDouble(7, s.max());
                    ps.setTimestamp(8, now);
                    ps.setInt(9, number);
                    ps.setTimestamp(10, now);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
