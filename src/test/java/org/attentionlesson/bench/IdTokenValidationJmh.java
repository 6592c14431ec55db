package org.attentionlesson.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.attentionlesson.lti.JoseDecoding;
import org.attentionlesson.lti.LaunchValidator;
import org.attentionlesson.lti.OidcLogin;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.web.Config;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of id_token validation (run by {@link LaunchValidationBenchmark}, which writes the report).
 *
 * <ul>
 * <li>{@code fullValidate}: a real {@link LaunchValidator#validate} on an in-memory H2 database, with a real
 * registration, a real {@link PlatformKeys} whose JWKS comes from a {@link TestPlatform} on a loopback port (fetched
 * once, then cached), and a login state minted by {@link OidcLogin#start} before each invocation (not measured).
 * Measured: the sealed state's MAC and expiry (no database: the state is used up by the store, not measured here),
 * registration lookup, parse, RS256 check, kid lookup, RSASSA verification, all claim checks, deployment lookup and
 * the launch context it builds.</li>
 * <li>{@code tokenOnly}: what a validation of the id_token itself is, without the login state's database round
 * trip: {@link LaunchValidator#checkToken}, the code {@code validate} runs once the state is consumed (parse, RS256
 * header check, kid lookup in the cached JWKS, the key's cached RSASSAVerifier, claims decoded by
 * {@link JoseDecoding}, every claim check of steps 4-13, the deployment as a warm node's cache answers it, and the
 * launch context built).</li>
 * </ul>
 * The token is signed once per iteration (signing is the platform's cost, not the tool's); each login state's
 * nonce is set to that token's nonce so one token serves many states (validate() compares the nonce; its single
 * use is enforced later, when the launch is stored, which is not measured here).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IdTokenValidationJmh {
    static final String LTI = LaunchValidator.LTI;
    static final String BASE = "http://localhost:8080";
    static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    /** One tool (database, registration, keys, validator) shared by every benchmark thread, as in Tomcat. */
    @State(Scope.Benchmark)
    public static class Tool {
        TestPlatform platform;
        Database db;
        Config config;
        Registrations registrations;
        PlatformKeys keys;
        OidcLogin login;
        /**
         * Mints the states: another node's OidcLogin, so the validator finds no copy of its own (docs/adr/0005) and
         * consumes each state first, the database round trip {@code fullValidate} measures.
         */
        OidcLogin minter;

        LaunchValidator validator;
        PlatformRegistration registration;

        @Setup(Level.Trial)
        public void start() {
            platform = TestPlatform.start("bench-client");
            db = new Database("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
            config = Config.load(Map.of(
                    "attention.baseUrl",
                    BASE,
                    "attention.dataDir",
                    System.getProperty("java.io.tmpdir") + "/attention-bench")::get);
            Clock clock = Clock.systemUTC();
            registrations = new Registrations(db, clock);
            registration = registrations.upsert(
                    platform.issuer(),
                    platform.clientId(),
                    "Bench platform",
                    URI.create(platform.authUrl()),
                    URI.create(platform.jwksUrl()),
                    URI.create(platform.tokenUrl()),
                    null,
                    null,
                    PlatformRegistration.Status.ACTIVE);
            registrations.ensureDeployment(registration.id(), TestPlatform.DEPLOYMENT_ID, "Bench deployment");
            keys = new PlatformKeys(
                    PlatformKeys.Settings.defaults(),
                    new org.attentionlesson.outbound.OutboundPolicy(
                                    org.attentionlesson.outbound.AddressPolicy.parse("true"), true)
                            .client(
                                    java.time.Duration.ofSeconds(5),
                                    java.time.Duration.ofSeconds(5),
                                    256 * 1024,
                                    "bench",
                                    4)
                            .resourceRetriever());
            login = new OidcLogin(config, db, registrations, clock);
            minter = new OidcLogin(config, db, registrations, clock);
            validator = new LaunchValidator(config, db, registrations, keys, login, clock);
        }

        @TearDown(Level.Trial)
        public void stop() {
            db.close();
            platform.close();
        }
    }

    /** Per thread: a token signed afresh each iteration (by the platform; not measured). */
    @State(Scope.Thread)
    public static class Token {
        String nonce;
        String idToken;

        @Setup(Level.Iteration)
        public void sign(Tool tool) {
            nonce = "bench-nonce-" + UUID.randomUUID();
            JWTClaimsSet claims = tool.platform
                    .resourceLinkClaims(BASE, nonce, "user-1", LEARNER)
                    .build();
            idToken = tool.platform.sign(claims);
        }
    }

    /**
     * Per thread: a login state minted by OidcLogin before each invocation, and a token signed for its nonce (neither
     * measured). The state is sealed (docs/adr/0006-sealed-states.md), so validating it reads nothing from the
     * database: the launch's one statement is the store's, which this benchmark does not run.
     */
    @State(Scope.Thread)
    public static class Launch {
        String idToken;
        String state;
        Map<String, String> cookies;

        @Setup(Level.Invocation)
        public void newState(Tool tool) {
            OidcLogin.Redirect r = tool.minter.start(new OidcLogin.Request(
                    tool.platform.issuer(),
                    "user-1",
                    BASE + "/lti/launch",
                    null,
                    tool.platform.clientId(),
                    null,
                    null));
            state = r.state();
            idToken = tool.platform.sign(tool.platform
                    .resourceLinkClaims(BASE, r.nonce(), "user-1", LEARNER)
                    .build());
            cookies = Map.of(r.cookieName(), r.cookieValue());
        }
    }

    @Benchmark
    public Object fullValidate(Tool tool, Launch launch) {
        LaunchValidator.ValidatedLaunch v = tool.validator.validate(launch.idToken, launch.state, null, launch.cookies);
        if (v.context().resourceLinkId() == null) {
            throw new IllegalStateException("validation lost the resource link");
        }
        return v;
    }

    @Benchmark
    public Object tokenOnly(Tool tool, Token token) throws Exception {
        return checkToken(tool, token.idToken, token.nonce);
    }

    /**
     * The token part of a validation: {@link LaunchValidator#checkToken}, the very code {@code validate} runs after
     * consuming the state (steps 2-13: parse, RS256 header, kid, RSASSA verification, every claim check, the
     * deployment lookup as a warm node answers it, the launch context built), for a consumed login state whose
     * nonce and target are the token's.
     */
    static LaunchValidator.ValidatedLaunch checkToken(Tool tool, String idToken, String expectedNonce) {
        LaunchValidator.LoginState login = new LaunchValidator.LoginState(
                "bench-state",
                expectedNonce,
                tool.registration.id(),
                BASE + "/lti/launch",
                null,
                null,
                Instant.now().plusSeconds(300),
                java.util.Optional.of(tool.registration));
        LaunchValidator.ValidatedLaunch v = tool.validator.checkToken(idToken, login, tool.registration, true);
        if (v.context().resourceLinkId() == null || v.deployment().isEmpty()) {
            throw new IllegalStateException("validation lost the resource link or the deployment");
        }
        return v;
    }
}
