package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every launch check of LTI Core 1.3 §5.1.3 and the Security Framework §5.1.3, over real HTTP against the WAR in
 * Tomcat, with an emulated platform on another loopback port. Each refusal asserts its status, its stable code,
 * and that no launch context was stored. Runs once on H2 and once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaunchValidationContract {
    static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    LtiHttp http;
    String tool;

    abstract TestDatabase.Kind databaseKind();

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("client-" + databaseKind().name().toLowerCase());
        dir = Files.createTempDirectory("launch-it-");
        db = TestDatabase.create(databaseKind(), dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params);
        tool = tomcat.baseUrl();
        http = new LtiHttp(tool);
    }

    @AfterAll
    void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (db != null) {
            db.close();
        }
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Starts a login, builds valid claims for its nonce, lets the test change them, signs, launches. */
    HttpResponse<String> launchWith(UnaryOperator<JWTClaimsSet.Builder> change) {
        LtiHttp.Login login = http.login(platform);
        assertEquals(302, login.status(), login.body());
        JWTClaimsSet claims = change.apply(platform.resourceLinkClaims(tool, login.nonce(), "user-1", LEARNER))
                .build();
        return http.launch(platform.sign(claims), login.state(), login.cookie());
    }

    HttpResponse<String> launchRaw(UnaryOperator<String> tokenFromNonce) {
        LtiHttp.Login login = http.login(platform);
        return http.launch(tokenFromNonce.apply(login.nonce()), login.state(), login.cookie());
    }

    /** A GET login's parameters for the test platform, naming {@code target} as the target link. */
    Map<String, String> loginTo(String target) {
        return Map.of(
                "iss",
                platform.issuer(),
                "login_hint",
                "x",
                "target_link_uri",
                target,
                "client_id",
                platform.clientId());
    }

    void assertRefused(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), () -> "status for " + code + ": " + r.body());
        assertEquals(code, LtiHttp.errorCode(r), () -> r.body());
        assertTrue(r.body().contains("Open") || r.body().length() > 200, "a page in plain words");
        assertFalse(r.body().contains("Exception"), "no stack trace");
    }

    /**
     * Runs a refused launch and checks that no launch context was stored by it, and that its login state (and the
     * nonce stored with it) was consumed all the same.
     */
    void assertRefusedAndNothingStored(int status, String code, UnaryOperator<JWTClaimsSet.Builder> change) {
        long contexts = db.count("launch_context");
        long states = db.count("login_state");
        long used = db.count("used_login_state");
        assertRefused(launchWith(change), status, code);
        assertEquals(contexts, db.count("launch_context"), "no launch context stored");
        assertEquals(states, db.count("login_state"), "the login stored no state: it is sealed");
        assertEquals(used + 1, db.count("used_login_state"), "the refused launch used its sealed state up");
    }

    String lessonPage(HttpResponse<String> launch) {
        assertEquals(303, launch.statusCode(), launch.body());
        String location = launch.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/lesson?lt="), location);
        HttpResponse<String> page = http.get(location);
        assertEquals(200, page.statusCode(), page.body());
        return page.body();
    }

    // ---------------------------------------------------------------- valid launches

    @Test
    void acceptsLearnerLaunchWithGetLoginAndShowsEscapedNameCourseAndRole() {
        long before = db.count("launch_context");
        String page = lessonPage(launchWith(b -> b));
        assertTrue(page.contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;"), "name escaped");
        assertTrue(page.contains("Deep &lt;i&gt;Learning&lt;/i&gt; 101"), "course escaped");
        assertTrue(page.contains("Learner"));
        assertEquals(before + 1, db.count("launch_context"));
    }

    @Test
    void acceptsInstructorLaunchWithPostLogin() {
        LtiHttp.Login login = http.login(
                "POST",
                Map.of(
                        "iss",
                        platform.issuer(),
                        "login_hint",
                        "t-1",
                        "target_link_uri",
                        tool + "/lti/launch",
                        "client_id",
                        platform.clientId()));
        assertEquals(302, login.status());
        JWTClaimsSet claims = platform.resourceLinkClaims(tool, login.nonce(), "teacher-1", INSTRUCTOR)
                .build();
        String page = lessonPage(http.launch(platform.sign(claims), login.state(), login.cookie()));
        assertTrue(page.contains("Instructor"));
    }

    @Test
    void loginRedirectCarriesEveryOidcParameterAndBindsStateToBrowser() {
        LtiHttp.Login login = http.login(platform);
        assertTrue(login.location().startsWith(platform.authUrl() + "?"));
        Map<String, String> q = login.query();
        assertEquals("openid", q.get("scope"));
        assertEquals("id_token", q.get("response_type"));
        assertEquals("form_post", q.get("response_mode"));
        assertEquals("none", q.get("prompt"));
        assertEquals(platform.clientId(), q.get("client_id"));
        assertEquals(tool + "/lti/launch", q.get("redirect_uri"));
        assertEquals("user-1", q.get("login_hint"));
        assertEquals("{\"hint\":1}", q.get("lti_message_hint"));
        assertNotNull(q.get("state"));
        assertNotNull(q.get("nonce"));
        assertNotNull(login.cookie(), "state cookie set");
    }

    @Test
    void acceptsEmptyRolesArray() {
        assertEquals(
                303,
                launchWith(b -> b.claim(TestPlatform.LTI + "roles", List.of())).statusCode());
    }

    @Test
    void acceptsRolesWithOneEmptyString() {
        assertEquals(
                303,
                launchWith(b -> b.claim(TestPlatform.LTI + "roles", List.of("")))
                        .statusCode());
    }

    @Test
    void acceptsShortAndUnknownRoleNames() {
        String page = lessonPage(launchWith(
                b -> b.claim(TestPlatform.LTI + "roles", List.of("Instructor", "http://example.edu/roles#Wizard"))));
        assertTrue(page.contains("Instructor"));
    }

    @Test
    void acceptsLaunchWithoutContextNameOrEmail() {
        assertEquals(
                303,
                launchWith(b -> b.claim(TestPlatform.LTI + "context", null)
                                .claim("name", null)
                                .claim("given_name", null)
                                .claim("family_name", null)
                                .claim("email", null))
                        .statusCode());
    }

    @Test
    void acceptsAnonymousLaunchWithoutSub() {
        assertEquals(303, launchWith(b -> b.subject(null)).statusCode());
    }

    @Test
    void ignoresClaimsItDoesNotKnow() {
        assertEquals(
                303,
                launchWith(b -> b.claim("https://www.instructure.com/placement", "assignment_selection")
                                .claim("https://example.edu/claim/custom", Map.of("nested", List.of(1, 2, 3))))
                        .statusCode());
    }

    @Test
    void acceptsAudienceArrayWhenAzpIsOurClientId() {
        assertEquals(
                303,
                launchWith(b -> b.audience(List.of(platform.clientId(), "another"))
                                .claim("azp", platform.clientId()))
                        .statusCode());
    }

    @Test
    void refusesANewDeploymentOfAKnownRegistrationByDefaultAndRecordsItAsSeenRefused() {
        long before = db.count("deployment");
        long contexts = db.count("launch_context");
        String id = "new-deployment-" + System.nanoTime();
        HttpResponse<String> r = launchWith(b -> b.claim(TestPlatform.LTI + "deployment_id", id));
        assertRefused(r, 403, "DEPLOYMENT_UNKNOWN");
        assertEquals(before + 1, db.count("deployment"));
        assertEquals(
                1, db.longQuery("SELECT COUNT(*) FROM deployment WHERE deployment_id = ? AND status = 'REFUSED'", id));
        assertEquals(contexts, db.count("launch_context"));
    }

    // ---------------------------------------------------------------- login refusals

    @Test
    void refusesLoginWithoutIssuer() {
        LtiHttp.Login login = http.login("GET", Map.of("login_hint", "x", "target_link_uri", tool + "/lti/launch"));
        assertEquals(400, login.status());
        assertTrue(login.body().contains("LOGIN_PARAM_MISSING"));
    }

    @Test
    void refusesLoginFromUnregisteredPlatform() {
        LtiHttp.Login login = http.login(
                "GET",
                Map.of(
                        "iss",
                        "https://unknown.example",
                        "login_hint",
                        "x",
                        "target_link_uri",
                        tool + "/lti/launch",
                        "client_id",
                        "nope"));
        assertEquals(400, login.status());
        assertTrue(login.body().contains("REGISTRATION_UNKNOWN"));
    }

    @Test
    void refusesLoginWhoseTargetLinkIsNotOurs() {
        long states = db.count("login_state");
        LtiHttp.Login login = http.login("GET", loginTo("https://evil.example/lti/launch"));
        assertEquals(400, login.status());
        assertTrue(login.body().contains("TARGET_LINK_FOREIGN"));
        assertEquals(states, db.count("login_state"));
    }

    /**
     * The login remembers the target links it found to be ours (OidcLogin#isOurLaunchUrl): look-alikes of our launch
     * URL are refused before and after our own link, and one with a query, have been accepted, and each time asked.
     */
    @Test
    void lookAlikeTargetLinksStayForeignAfterOurOwnWasAccepted() {
        URI ours = URI.create(tool + "/lti/launch");
        String host = ours.getHost();
        int port = ours.getPort();
        List<String> lookAlikes = List.of(
                "https://evil.example/lti/launch",
                ours.getScheme() + "://user@" + host + ":" + port + "/lti/launch",
                tool + "/lti/launch#fragment",
                tool + "/lti/launch/",
                tool + "/LTI/launch",
                tool + "/lti/launchx",
                ours.getScheme() + "://" + host + ":" + (port + 1) + "/lti/launch",
                (ours.getScheme().equals("http") ? "https" : "http") + "://" + host + ":" + port + "/lti/launch",
                "not a uri at all",
                tool + "/lti/launch?a=%zz");
        for (int round = 0; round < 2; round++) {
            for (String target : lookAlikes) {
                LtiHttp.Login refused = http.login("GET", loginTo(target));
                assertEquals(400, refused.status(), round + " " + target);
                assertTrue(refused.body().contains("TARGET_LINK_FOREIGN"), round + " " + target);
            }
            for (String target : List.of(tool + "/lti/launch", tool + "/lti/launch?lesson=attention")) {
                LtiHttp.Login accepted = http.login("GET", loginTo(target));
                assertEquals(302, accepted.status(), round + " " + target);
                assertTrue(accepted.location().startsWith(platform.authUrl() + "?"), round + " " + target);
            }
        }
    }

    // ---------------------------------------------------------------- launch refusals: state

    @Test
    void refusesLaunchWithoutState() {
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertRefused(http.launch(token, null, login.cookie()), 400, "STATE_MISSING");
    }

    @Test
    void refusesLaunchWithStateWeNeverIssued() {
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertRefused(http.launch(token, "forged-state", login.cookie()), 400, "STATE_UNKNOWN");
    }

    @Test
    void refusesLaunchFromABrowserThatDidNotStartTheLogin() {
        long contexts = db.count("launch_context");
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertRefused(http.launch(token, login.state(), null), 400, "STATE_NOT_BOUND");
        assertEquals(contexts, db.count("launch_context"));
    }

    @Test
    void refusesLaunchWithoutIdToken() {
        LtiHttp.Login login = http.login(platform);
        assertRefused(http.launch(null, login.state(), login.cookie()), 400, "ID_TOKEN_MISSING");
    }

    // ---------------------------------------------------------------- launch refusals: the JWS

    @Test
    void refusesSomethingThatIsNotAJwt() {
        assertRefused(launchRaw(n -> "not-a-jwt"), 400, "TOKEN_MALFORMED");
    }

    @Test
    void refusesUnsignedAlgNoneToken() {
        assertRefused(
                launchRaw(n -> new PlainJWT(
                                new PlainHeader(),
                                platform.resourceLinkClaims(tool, n, "u", LEARNER)
                                        .build())
                        .serialize()),
                401,
                "ALG_NOT_ALLOWED");
    }

    @Test
    void refusesHmacTokenSignedWithThePlatformsPublicKey() throws Exception {
        assertRefused(
                launchRaw(n -> {
                    try {
                        SignedJWT jwt = new SignedJWT(
                                new JWSHeader.Builder(JWSAlgorithm.HS256)
                                        .keyID(platform.signingKey().getKeyID())
                                        .build(),
                                platform.resourceLinkClaims(tool, n, "u", LEARNER)
                                        .build());
                        byte[] secret = platform.signingKey()
                                .toPublicJWK()
                                .toJSONString()
                                .getBytes(StandardCharsets.UTF_8);
                        jwt.sign(new MACSigner(secret));
                        return jwt.serialize();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }),
                401,
                "ALG_NOT_ALLOWED");
    }

    @Test
    void refusesTokenWithoutKid() {
        assertRefused(
                launchRaw(n -> TestPlatform.sign(
                        platform.resourceLinkClaims(tool, n, "u", LEARNER).build(), platform.signingKey(), null)),
                401,
                "KID_MISSING");
    }

    @Test
    void refusesTokenWithUnknownKid() {
        RSAKey stranger = TestPlatform.newKey();
        assertRefused(
                launchRaw(n -> TestPlatform.sign(
                        platform.resourceLinkClaims(tool, n, "u", LEARNER).build(), stranger, stranger.getKeyID())),
                401,
                "KID_UNKNOWN");
    }

    @Test
    void refusesTokenSignedByAnotherKeyUnderTheRightKid() {
        RSAKey stranger = TestPlatform.newKey();
        assertRefused(
                launchRaw(n -> TestPlatform.sign(
                        platform.resourceLinkClaims(tool, n, "u", LEARNER).build(),
                        stranger,
                        platform.signingKey().getKeyID())),
                401,
                "SIGNATURE_INVALID");
    }

    @Test
    void refusesTokenWhosePayloadWasAlteredAfterSigning() {
        assertRefused(
                launchRaw(n -> {
                    String[] parts = platform.sign(platform.resourceLinkClaims(tool, n, "u", LEARNER)
                                    .build())
                            .split("\\.");
                    String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                            .replace("membership#Learner", "membership#Instructor");
                    return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
                }),
                401,
                "SIGNATURE_INVALID");
    }

    // ---------------------------------------------------------------- launch refusals: claims

    @Test
    void refusesWrongIssuer() {
        assertRefusedAndNothingStored(401, "ISSUER_MISMATCH", b -> b.issuer("https://other.example"));
    }

    @Test
    void refusesWrongAudience() {
        assertRefusedAndNothingStored(401, "AUDIENCE_MISMATCH", b -> b.audience("someone-else"));
    }

    @Test
    void refusesSeveralAudiencesWithoutAzp() {
        assertRefusedAndNothingStored(401, "AZP_MISSING", b -> b.audience(List.of(platform.clientId(), "other")));
    }

    @Test
    void refusesAzpNamingAnotherClient() {
        assertRefusedAndNothingStored(401, "AZP_MISMATCH", b -> b.claim("azp", "other"));
    }

    @Test
    void refusesMissingExp() {
        assertRefusedAndNothingStored(401, "EXP_MISSING", b -> b.expirationTime(null));
    }

    @Test
    void refusesExpiredToken() {
        assertRefusedAndNothingStored(
                401,
                "TOKEN_EXPIRED",
                b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120))));
    }

    @Test
    void acceptsExpiryWithinTheLeeway() {
        assertEquals(
                303,
                launchWith(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(20))))
                        .statusCode());
    }

    @Test
    void refusesMissingIat() {
        assertRefusedAndNothingStored(401, "IAT_MISSING", b -> b.issueTime(null));
    }

    @Test
    void refusesIatInTheFuture() {
        assertRefusedAndNothingStored(
                401, "IAT_IN_FUTURE", b -> b.issueTime(Date.from(Instant.now().plusSeconds(600))));
    }

    @Test
    void refusesTokenIssuedTooLongAgo() {
        assertRefusedAndNothingStored(
                401,
                "TOKEN_TOO_OLD",
                b -> b.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().plusSeconds(60))));
    }

    @Test
    void refusesMissingNonce() {
        assertRefusedAndNothingStored(401, "NONCE_MISSING", b -> b.claim("nonce", null));
    }

    @Test
    void refusesNonceThatIsNotTheOneSentWithTheState() {
        assertRefusedAndNothingStored(401, "NONCE_MISMATCH", b -> b.claim("nonce", "some-other-nonce"));
    }

    @Test
    void refusesWrongLtiVersion() {
        assertRefusedAndNothingStored(400, "VERSION_INVALID", b -> b.claim(TestPlatform.LTI + "version", "1.1"));
    }

    @Test
    void refusesMissingLtiVersion() {
        assertRefusedAndNothingStored(400, "VERSION_INVALID", b -> b.claim(TestPlatform.LTI + "version", null));
    }

    @Test
    void refusesMissingMessageType() {
        assertRefusedAndNothingStored(
                400, "MESSAGE_TYPE_MISSING", b -> b.claim(TestPlatform.LTI + "message_type", null));
    }

    @Test
    void refusesUnknownMessageType() {
        assertRefusedAndNothingStored(
                400, "MESSAGE_TYPE_UNKNOWN", b -> b.claim(TestPlatform.LTI + "message_type", "LtiStartProctoring"));
    }

    @Test
    void refusesMissingDeploymentId() {
        assertRefusedAndNothingStored(
                400, "DEPLOYMENT_MISSING", b -> b.claim(TestPlatform.LTI + "deployment_id", null));
    }

    @Test
    void refusesDeploymentIdLongerThan255() {
        assertRefusedAndNothingStored(
                400, "DEPLOYMENT_INVALID", b -> b.claim(TestPlatform.LTI + "deployment_id", "d".repeat(256)));
    }

    @Test
    void refusesDeploymentOtherThanTheOneTheLoginNamed() {
        long contexts = db.count("launch_context");
        LtiHttp.Login login = http.login(
                "GET",
                Map.of(
                        "iss",
                        platform.issuer(),
                        "login_hint",
                        "x",
                        "target_link_uri",
                        tool + "/lti/launch",
                        "client_id",
                        platform.clientId(),
                        "lti_deployment_id",
                        TestPlatform.DEPLOYMENT_ID));
        JWTClaimsSet claims = platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER)
                .claim(TestPlatform.LTI + "deployment_id", "another-deployment")
                .build();
        assertRefused(http.launch(platform.sign(claims), login.state(), login.cookie()), 400, "DEPLOYMENT_MISMATCH");
        assertEquals(contexts, db.count("launch_context"));
    }

    @Test
    void refusesMissingRolesClaim() {
        assertRefusedAndNothingStored(400, "ROLES_MISSING", b -> b.claim(TestPlatform.LTI + "roles", null));
    }

    @Test
    void refusesRolesThatAreNotAnArray() {
        assertRefusedAndNothingStored(400, "CLAIM_INVALID", b -> b.claim(TestPlatform.LTI + "roles", "Learner"));
    }

    @Test
    void refusesResourceLinkLaunchWithoutResourceLinkId() {
        assertRefusedAndNothingStored(
                400, "RESOURCE_LINK_MISSING", b -> b.claim(TestPlatform.LTI + "resource_link", Map.of("title", "x")));
    }

    @Test
    void refusesResourceLinkLaunchWithoutTargetLinkUri() {
        assertRefusedAndNothingStored(
                400, "TARGET_LINK_MISSING", b -> b.claim(TestPlatform.LTI + "target_link_uri", null));
    }

    @Test
    void refusesTargetLinkUriOtherThanTheLogins() {
        assertRefusedAndNothingStored(
                400,
                "TARGET_LINK_MISMATCH",
                b -> b.claim(TestPlatform.LTI + "target_link_uri", "https://evil.example/lti/launch"));
    }

    @Test
    void refusesEmptySub() {
        assertRefusedAndNothingStored(400, "SUB_EMPTY", b -> b.subject(""));
    }

    @Test
    void refusesDeepLinkingRequestWithoutSettings() {
        assertRefusedAndNothingStored(
                400,
                "DEEP_LINKING_SETTINGS_MISSING",
                b -> b.claim(TestPlatform.LTI + "message_type", "LtiDeepLinkingRequest"));
    }

    @Test
    void refusesSubmissionReviewWithoutForUser() {
        assertRefusedAndNothingStored(
                400, "FOR_USER_MISSING", b -> b.claim(TestPlatform.LTI + "message_type", "LtiSubmissionReviewRequest"));
    }

    // ---------------------------------------------------------------- replay

    @Test
    void refusesReplayOfTheSameIdTokenAndState() {
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertEquals(303, http.launch(token, login.state(), login.cookie()).statusCode());
        long contexts = db.count("launch_context");
        assertRefused(http.launch(token, login.state(), login.cookie()), 400, "STATE_UNKNOWN");
        assertEquals(contexts, db.count("launch_context"));
    }

    @Test
    void aRefusedLaunchUsesUpItsStateAndNonce() {
        LtiHttp.Login login = http.login(platform);
        String wrong = platform.sign(platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER)
                .claim(LaunchValidator.LTI + "version", "1.1")
                .build());
        assertRefused(http.launch(wrong, login.state(), login.cookie()), 400, "VERSION_INVALID");
        String right = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertRefused(http.launch(right, login.state(), login.cookie()), 400, "STATE_UNKNOWN");
    }

    @Test
    void refusesReplayOfAnIdTokenUnderAFreshLogin() {
        LtiHttp.Login first = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, first.nonce(), "u", LEARNER).build());
        assertEquals(303, http.launch(token, first.state(), first.cookie()).statusCode());
        LtiHttp.Login second = http.login(platform);
        assertRefused(http.launch(token, second.state(), second.cookie()), 401, "NONCE_MISMATCH");
    }

    // ---------------------------------------------------------------- sealed states (docs/adr/0006-sealed-states.md)

    static String cookieFor(String state) {
        return OidcLogin.cookieName(state) + "=" + OidcLogin.cookieValue(state);
    }

    long registrationId() {
        return db.longQuery("SELECT id FROM platform_registration WHERE client_id = ?", platform.clientId());
    }

    /** A sealer with this tool's own key, read from the database as any node reads it. */
    SealedStates toolSealer() {
        return new SealedStates(java.util.Base64.getDecoder()
                .decode(db.stringQuery("SELECT secret FROM tool_secret WHERE name = ?", "login-state")));
    }

    HttpResponse<String> launchSealed(SealedStates.Minted m) {
        String token = platform.sign(
                platform.resourceLinkClaims(tool, m.nonce(), "u", LEARNER).build());
        return http.launch(token, m.state(), cookieFor(m.state()));
    }

    @Test
    void aLoginWritesNoRowItsStateIsSealed() {
        long states = db.count("login_state");
        LtiHttp.Login login = http.login(platform);
        assertEquals(302, login.status(), login.body());
        assertTrue(login.state().startsWith(SealedStates.PREFIX), login.state());
        assertEquals(states, db.count("login_state"));
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        HttpResponse<String> launch = http.launch(token, login.state(), login.cookie());
        assertEquals(303, launch.statusCode(), launch.body());
        assertTrue(
                launch.headers().allValues("Set-Cookie").stream()
                        .anyMatch(c ->
                                c.startsWith(OidcLogin.cookieName(login.state()) + "=;") && c.contains("Max-Age=0")),
                "the launch clears its state cookie: " + launch.headers().allValues("Set-Cookie"));
    }

    @Test
    void refusesASealedStateWithAnyCharacterChanged() {
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        String state = login.state();
        long used = db.count("used_login_state");
        for (int at :
                new int[] {SealedStates.PREFIX.length() + 20, SealedStates.PREFIX.length() + 30, state.length() - 2}) {
            char[] c = state.toCharArray();
            c[at] = c[at] == 'A' ? 'B' : 'A';
            String changed = new String(c);
            assertRefused(http.launch(token, changed, cookieFor(changed)), 400, "STATE_UNKNOWN");
        }
        assertEquals(used, db.count("used_login_state"), "a state this tool did not seal writes nothing");
        assertEquals(303, http.launch(token, state, login.cookie()).statusCode(), "the real state was not used up");
    }

    @Test
    void refusesAStateSealedWithAnotherKeyAndAnExpiredOne() {
        Instant now = Instant.now();
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        String target = tool + "/lti/launch";
        long used = db.count("used_login_state");
        // Another installation's tool, or a made-up key: the same layout and registration, not our key.
        SealedStates.Minted foreign =
                new SealedStates(otherKey).seal(registrationId(), now, now.plusSeconds(300), null, target, null);
        assertRefused(launchSealed(foreign), 400, "STATE_UNKNOWN");
        // Our key, but past its expiry.
        SealedStates.Minted expired =
                toolSealer().seal(registrationId(), now.minusSeconds(600), now.minusSeconds(1), null, target, null);
        assertRefused(launchSealed(expired), 400, "STATE_UNKNOWN");
        assertEquals(used, db.count("used_login_state"), "neither wrote anything");
        // The control: the same state with our key, unexpired, launches.
        SealedStates.Minted ours = toolSealer().seal(registrationId(), now, now.plusSeconds(300), null, target, null);
        assertEquals(303, launchSealed(ours).statusCode());
        assertRefused(launchSealed(ours), 400, "STATE_UNKNOWN");
    }

    @Test
    void aLaunchRefusedForItsBrowserUsesUpItsState() {
        LtiHttp.Login login = http.login(platform);
        String token = platform.sign(
                platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER).build());
        assertRefused(http.launch(token, login.state(), null), 400, "STATE_NOT_BOUND");
        assertRefused(http.launch(token, login.state(), login.cookie()), 400, "STATE_UNKNOWN");
    }

    @Test
    void aLoginTooLongToSealIsStoredAndLaunchesAsBefore() {
        String target = tool + "/lti/launch?pad=" + "x".repeat(SealedStates.MAX_CHARS);
        long states = db.count("login_state");
        LtiHttp.Login login = http.login("GET", loginTo(target));
        assertEquals(302, login.status(), login.body());
        assertFalse(login.state().startsWith(SealedStates.PREFIX), login.state());
        assertEquals(states + 1, db.count("login_state"), "stored, as every state was before sealed states");
        String token = platform.sign(platform.resourceLinkClaims(tool, login.nonce(), "u", LEARNER)
                .claim(LaunchValidator.LTI + "target_link_uri", target)
                .build());
        assertEquals(303, http.launch(token, login.state(), login.cookie()).statusCode());
        assertEquals(states, db.count("login_state"), "consumed by the launch");
        assertRefused(http.launch(token, login.state(), login.cookie()), 400, "STATE_UNKNOWN");
    }

    // ---------------------------------------------------------------- after the launch

    @Test
    void laterRequestsNeedTheSignedLaunchToken() {
        HttpResponse<String> noToken = http.get("/lesson");
        assertEquals(401, noToken.statusCode());
        assertEquals("LAUNCH_TOKEN_MISSING", LtiHttp.errorCode(noToken));
        HttpResponse<String> forged = http.get("/lesson?lt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA");
        assertEquals(401, forged.statusCode());
        assertEquals("LAUNCH_TOKEN_INVALID", LtiHttp.errorCode(forged));
    }

    @Test
    void servesTheToolJwksAndHealth() {
        HttpResponse<String> jwks = http.get("/.well-known/jwks.json");
        assertEquals(200, jwks.statusCode());
        assertTrue(jwks.body().contains("\"kty\":\"RSA\""));
        assertTrue(jwks.body().contains("\"alg\":\"RS256\""));
        assertFalse(jwks.body().contains("\"d\":"), "no private part");
        HttpResponse<String> health = http.get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"ok\""));
    }

    @Test
    void unknownPathsGetAPlainPageNotTomcats() {
        HttpResponse<String> r = http.get("/no/such/page");
        assertEquals(404, r.statusCode());
        assertEquals("NOT_FOUND", LtiHttp.errorCode(r));
        assertFalse(r.body().contains("Apache Tomcat"));
        HttpResponse<String> get = http.get("/lti/launch");
        assertEquals(405, get.statusCode());
    }
}
