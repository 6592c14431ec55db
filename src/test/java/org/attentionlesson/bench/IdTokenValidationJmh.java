package org.attentionlesson.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
import org.attentionlesson.store.Sql;
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
 * Measured: state lookup + delete (one transaction), registration lookup, parse, RS256 check, kid lookup,
 * RSASSA verification, all claim checks, deployment lookup and the launch context it builds.</li>
 * <li>{@code tokenOnly}: the same sequence of calls and claim reads as the validator, without the database: parse
 * the compact JWS, RS256 header check, kid lookup in the cached JWKS, the key's cached RSASSAVerifier, the claims
 * decoded as {@link JoseDecoding} does, then the claims checks
 * (iss/aud/azp/exp/iat/nonce/version/message type/deployment/roles/resource link/target link/sub).</li>
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
        LaunchValidator validator;
        PlatformRegistration registration;

        @Setup(Level.Trial)
        public void start() {
            platform = TestPlatform.start("bench-client");
            db = new Database("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
            config = Config.load(Map.of("attention.baseUrl", BASE, "attention.dataDir",
                    System.getProperty("java.io.tmpdir") + "/attention-bench")::get);
            Clock clock = Clock.systemUTC();
            registrations = new Registrations(db, clock);
            registration = registrations.upsert(platform.issuer(), platform.clientId(), "Bench platform",
                    URI.create(platform.authUrl()), URI.create(platform.jwksUrl()), URI.create(platform.tokenUrl()),
                    null, null, PlatformRegistration.Status.ACTIVE);
            registrations.ensureDeployment(registration.id(), TestPlatform.DEPLOYMENT_ID, "Bench deployment");
            keys = new PlatformKeys(PlatformKeys.Settings.defaults());
            login = new OidcLogin(config, db, registrations, clock);
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
            JWTClaimsSet claims = tool.platform.resourceLinkClaims(BASE, nonce, "user-1", LEARNER).build();
            idToken = tool.platform.sign(claims);
        }
    }

    /** Per thread: a login state minted by OidcLogin before each invocation (not measured), bound to the token's nonce. */
    @State(Scope.Thread)
    public static class Launch {
        String idToken;
        String state;
        Map<String, String> cookies;

        @Setup(Level.Invocation)
        public void newState(Tool tool, Token token) {
            idToken = token.idToken; // JMH may hand the benchmark method another Token instance: use this one
            OidcLogin.Redirect r = tool.login.start(new OidcLogin.Request(tool.platform.issuer(), "user-1",
                    BASE + "/lti/launch", null, tool.platform.clientId(), null, null));
            state = r.state();
            tool.db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE login_state SET nonce = ? WHERE state = ?")) {
                    Sql.bind(ps, token.nonce, state);
                    return ps.executeUpdate();
                }
            });
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

    /** The token part of LaunchValidator.validate, step by step (same Nimbus calls, same claim checks). */
    static JWTClaimsSet checkToken(Tool tool, String idToken, String expectedNonce) throws Exception {
        PlatformRegistration reg = tool.registration;
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalStateException("not three parts");
        }
        if (!JWSAlgorithm.RS256.equals(JoseDecoding.header(parts[0]).getAlgorithm())) {
            throw new IllegalStateException("alg");
        }
        SignedJWT jwt = SignedJWT.parse(idToken);
        String kid = jwt.getHeader().getKeyID();
        RSAKey key = tool.keys.find(reg, kid).orElseThrow();
        if (!jwt.verify(tool.keys.verifier(key))) {
            throw new IllegalStateException("signature");
        }
        JWTClaimsSet claims = JoseDecoding.claims(jwt);
        if (!reg.issuer().equals(claims.getIssuer())) {
            throw new IllegalStateException("iss");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(reg.clientId())) {
            throw new IllegalStateException("aud");
        }
        Object azp = claims.getClaim("azp");
        if ((aud.size() > 1 && azp == null) || (azp != null && !reg.clientId().equals(azp))) {
            throw new IllegalStateException("azp");
        }
        Instant now = Instant.now();
        long leeway = tool.config.clockLeeway().toSeconds();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || exp.toInstant().plusSeconds(leeway).isBefore(now)) {
            throw new IllegalStateException("exp");
        }
        if (iat == null || iat.toInstant().minusSeconds(leeway).isAfter(now)
                || iat.toInstant().isBefore(now.minus(tool.config.maxTokenAge()))) {
            throw new IllegalStateException("iat");
        }
        if (!expectedNonce.equals(claims.getStringClaim("nonce"))) {
            throw new IllegalStateException("nonce");
        }
        if (!"1.3.0".equals(claims.getStringClaim(LTI + "version"))) {
            throw new IllegalStateException("version");
        }
        if (!"LtiResourceLinkRequest".equals(claims.getStringClaim(LTI + "message_type"))) {
            throw new IllegalStateException("message_type");
        }
        String deploymentId = claims.getStringClaim(LTI + "deployment_id");
        if (deploymentId == null || deploymentId.isBlank() || deploymentId.length() > 255) {
            throw new IllegalStateException("deployment_id");
        }
        List<String> roles = claims.getStringListClaim(LTI + "roles");
        if (roles == null) {
            throw new IllegalStateException("roles");
        }
        Map<String, Object> link = claims.getJSONObjectClaim(LTI + "resource_link");
        if (link == null || !(link.get("id") instanceof String id) || id.isBlank()) {
            throw new IllegalStateException("resource_link");
        }
        String target = claims.getStringClaim(LTI + "target_link_uri");
        if (target == null || !tool.login.isOurLaunchUrl(target)) {
            throw new IllegalStateException("target_link_uri");
        }
        String sub = claims.getStringClaim("sub");
        if (sub != null && (sub.isBlank() || sub.length() > 255)) {
            throw new IllegalStateException("sub");
        }
        return claims;
    }
}
