package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.registration.EmulatedPlatform;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Many strangers' pending registrations cannot take the tool down or widen its browser policy: 220 dynamic
 * registrations pending approval from distinct origins with long host names (anyone may register; the host names are
 * the registrant's to choose), 20 of them older than the pending lifetime, then the tool restarts on that database.
 * Every endpoint still answers, every response's headers stay under Tomcat's 8 KB, each response's
 * {@code frame-ancestors} and {@code form-action} name only the platform it serves, the old pending registrations
 * are gone (a disabled one stays), and a new dynamic registration is refused while the pending ones are at their
 * cap. H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlatformPolicyContract {
    static final int PENDING = 200;
    static final int EXPIRED = 20;
    static final int HEADER_LIMIT = 8 * 1024;

    private TestDatabase db;
    private TestPlatform platform;
    private TomcatServer tool;
    private LtiHttp http;
    private Path dir;

    abstract TestDatabase.Kind databaseKind();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("attention-policy-");
        db = TestDatabase.create(databaseKind(), dir);
        platform = TestPlatform.start("client-policy");
        Map<String, String> params = new HashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        params.put("attention.devMode", "true"); // loopback http platforms (the emulated one below)
        params.put("attention.autoApproveRegistrations", "false");
        params.put("attention.maxPendingRegistrations", String.valueOf(PENDING));
        params.put("attention.pendingRegistrationDays", "7");
        TomcatServer.start(0, params).close(); // the schema, then the strangers' rows, then the tool for real
        seedPendingRegistrations(PENDING + EXPIRED);
        tool = TomcatServer.start(0, params, Map.of("root", "s3cret"));
        http = new LtiHttp(tool.baseUrl());
    }

    @AfterAll
    void stop() {
        if (tool != null) {
            tool.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (db != null) {
            db.close();
        }
        TomcatServer.deleteRecursively(dir.toFile());
    }

    /** The i-th stranger's platform host: about 230 characters, as long as a host name may be. */
    static String strangerHost(int i) {
        return "lms-" + i + "-" + "x".repeat(200) + ".example.org";
    }

    private void seedPendingRegistrations(int n) throws Exception {
        Instant now = Instant.now();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement reg = c.prepareStatement(
                    "INSERT INTO platform_registration (issuer, client_id, name, "
                            + "auth_url, jwks_url, token_url, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String base = "https://" + strangerHost(i);
                    Timestamp at = Timestamp.from(
                            i < EXPIRED ? now.minus(8, ChronoUnit.DAYS) : now.minus(1, ChronoUnit.HOURS));
                    reg.setString(1, base);
                    reg.setString(2, "client-" + i);
                    reg.setString(3, "Stranger " + i);
                    reg.setString(4, base + "/auth");
                    reg.setString(5, base + "/jwks");
                    reg.setString(6, base + "/token");
                    reg.setTimestamp(7, at);
                    reg.setTimestamp(8, at);
                    reg.addBatch();
                }
                reg.executeBatch();
            }
            try (PreparedStatement disabled =
                    c.prepareStatement("INSERT INTO platform_registration (issuer, client_id, "
                            + "name, auth_url, jwks_url, status, created_at, updated_at) VALUES ('https://disabled.example.net', "
                            + "'client-disabled', 'Disabled', 'https://disabled.example.net/auth', "
                            + "'https://disabled.example.net/jwks', 'DISABLED', ?, ?)")) {
                disabled.setTimestamp(1, Timestamp.from(now));
                disabled.setTimestamp(2, Timestamp.from(now));
                disabled.executeUpdate();
            }
            c.commit();
        }
    }

    private static int headerBytes(HttpHeaders headers) {
        int n = 0;
        for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
            for (String v : e.getValue()) {
                n += e.getKey().length() + 2 + v.length() + 2;
            }
        }
        return n;
    }

    private static void answersNormally(String what, HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), what + " answered " + r.statusCode() + ": " + r.body());
        int bytes = headerBytes(r.headers());
        assertTrue(bytes < HEADER_LIMIT, what + ": " + bytes + " bytes of headers");
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertFalse(csp.contains("example.org"), what + " names a pending registration: " + csp);
    }

    private String csp(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Security-Policy").orElseThrow();
    }

    /** Login, signed launch (with this return URL), and the lesson page it leads to. */
    private HttpResponse<String> launch(String returnUrl) {
        HttpResponse<String> login = http.get("/lti/login?"
                + LtiHttp.form(Map.of(
                        "iss",
                        platform.issuer(),
                        "login_hint",
                        "learner-1",
                        "target_link_uri",
                        tool.baseUrl() + "/lti/launch",
                        "client_id",
                        platform.clientId())));
        answersNormally("/lti/login", login, 302);
        Map<String, String> auth =
                LtiHttp.query(URI.create(login.headers().firstValue("Location").orElseThrow()));
        String cookie = LtiHttp.setCookies(login).stream()
                .filter(c -> c.startsWith("lti_state_"))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        var claims = platform.resourceLinkClaims(
                        tool.baseUrl(),
                        auth.get("nonce"),
                        "learner-1",
                        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")
                .claim(
                        TestPlatform.LTI + "launch_presentation",
                        Map.of("document_target", "iframe", "return_url", returnUrl))
                .build();
        HttpResponse<String> launched = http.launch(platform.sign(claims), auth.get("state"), cookie);
        answersNormally("/lti/launch", launched, 303);
        String lesson = launched.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = http.get(lesson);
        answersNormally("lesson page", page, 200);
        return page;
    }

    @Test
    void everyEndpointAnswersWithHeadersUnder8KbWhileStrangersRegistrationsArePending() throws Exception {
        answersNormally("/health", http.get("/health"), 200);
        answersNormally("/.well-known/jwks.json", http.get("/.well-known/jwks.json"), 200);
        answersNormally("/admin/", new ToolClient(tool.baseUrl(), "root", "s3cret").get("/admin/"), 200);
        answersNormally("/lti-config/tool-configuration.json", http.get("/lti-config/tool-configuration.json"), 200);
        launch("https://lms.example.edu/course/1");
    }

    @Test
    void eachResponseNamesOnlyThePlatformItServesAndAResponseServingNoneOnlyItself() {
        String own = platform.baseUrl();
        HttpResponse<String> page = launch("https://school.example.edu/courses/7?x=1");
        String policy = csp(page);
        assertTrue(policy.contains("frame-ancestors 'self' " + own), policy);
        assertTrue(policy.contains("form-action 'self' " + own), policy);
        // The validated launch's return URL taught the tool where this LMS's pages live (Canvas: the school's host).
        assertTrue(policy.contains(" https://school.example.edu"), policy);

        String none = csp(http.get("/health"));
        assertTrue(none.endsWith("form-action 'self'; frame-ancestors 'self'"), none);
        assertFalse(none.contains(own), none);
        // A forged or expired launch token serves no platform.
        assertTrue(csp(http.get("/lesson?lt=not-a-token")).endsWith("frame-ancestors 'self'"));
    }

    @Test
    void aRefusedLoginsErrorPageNamesItsPlatformOnlyWhileThatRegistrationIsActive() {
        String target = tool.baseUrl() + "/lti/launch";
        // The active platform's login without a login_hint: refused, and its LMS may show the message in its frame.
        HttpResponse<String> refused = http.get("/lti/login?"
                + LtiHttp.form(
                        Map.of("iss", platform.issuer(), "client_id", platform.clientId(), "target_link_uri", target)));
        assertEquals(4, refused.statusCode() / 100, refused.body());
        assertTrue(csp(refused).contains("frame-ancestors 'self' " + platform.baseUrl()), csp(refused));
        // A disabled and a pending registration contribute nothing, even to their own refusals.
        for (String[] r : new String[][] {
            {"https://disabled.example.net", "client-disabled"},
            {"https://" + strangerHost(EXPIRED + 1), "client-" + (EXPIRED + 1)}
        }) {
            HttpResponse<String> page = http.get("/lti/login?"
                    + LtiHttp.form(
                            Map.of("iss", r[0], "client_id", r[1], "login_hint", "x", "target_link_uri", target)));
            assertEquals(4, page.statusCode() / 100, page.body());
            assertTrue(csp(page).endsWith("form-action 'self'; frame-ancestors 'self'"), r[0] + ": " + csp(page));
        }
    }

    @Test
    void anAdminsLmsAddressesJoinThatRegistrationsPolicyOnly() throws Exception {
        long id = db.longQuery("SELECT id FROM platform_registration WHERE client_id = ?", platform.clientId());
        ToolClient admin = new ToolClient(tool.baseUrl(), "root", "s3cret");
        String csrf = ToolClient.csrf(admin.get("/admin/registrations/" + id).body());
        Map<String, String> form = new HashMap<>(Map.of(
                "csrf",
                csrf,
                "name",
                "Test platform",
                "authUrl",
                platform.authUrl(),
                "jwksUrl",
                platform.jwksUrl(),
                "tokenUrl",
                platform.tokenUrl()));

        form.put("lmsAddresses", "https://canvas.school.example 'unsafe-inline'");
        HttpResponse<String> refused = admin.postForm("/admin/registrations/" + id, form);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("ADMIN_FORM_INVALID", LtiHttp.errorCode(refused));

        form.put("csrf", ToolClient.csrf(admin.get("/admin/registrations/" + id).body()));
        form.put("lmsAddresses", "https://canvas.school.example/courses https://Vanity.School.example");
        assertEquals(303, admin.postForm("/admin/registrations/" + id, form).statusCode());
        assertTrue(admin.get("/admin/registrations/" + id)
                .body()
                .contains("value=\"https://canvas.school.example https://vanity.school.example\""));
        String policy = csp(launch("https://lms.example.edu/course/2"));
        assertTrue(
                policy.contains("frame-ancestors 'self' " + platform.baseUrl() + " https://canvas.school.example "
                        + "https://vanity.school.example"),
                policy);
        assertFalse(csp(http.get("/health")).contains("school.example"));
    }

    @Test
    void pendingRegistrationsOlderThanTheirLifetimeArePurged() {
        assertEquals(1, db.longQuery("SELECT COUNT(*) FROM platform_registration WHERE status = 'DISABLED'"));
        assertEquals(PENDING, db.longQuery("SELECT COUNT(*) FROM platform_registration WHERE status = 'PENDING'"));
        assertEquals(
                0,
                db.longQuery(
                        "SELECT COUNT(*) FROM platform_registration WHERE client_id IN ('client-0', 'client-19')"));
        assertEquals(1, db.longQuery("SELECT COUNT(*) FROM platform_registration WHERE client_id = 'client-20'"));
    }

    @Test
    void aNewDynamicRegistrationIsRefusedWhileThePendingOnesAreAtTheirCap() throws Exception {
        try (EmulatedPlatform moodle = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            HttpResponse<String> page = new ToolClient(tool.baseUrl()).get(moodle.registerUrl(tool.baseUrl()));
            assertEquals(503, page.statusCode(), page.body());
            assertEquals("DR_PENDING_LIMIT", LtiHttp.errorCode(page));
            assertTrue(moodle.requests.isEmpty(), "nothing was fetched from the platform");
            assertEquals(PENDING, db.longQuery("SELECT COUNT(*) FROM platform_registration WHERE status = 'PENDING'"));
        }
    }
}
