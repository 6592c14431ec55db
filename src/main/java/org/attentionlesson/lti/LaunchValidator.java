package org.attentionlesson.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWTClaimsSet;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Config;
import org.attentionlesson.web.Json;

/**
 * Checks a launch ({@code id_token} + {@code state} posted to {@code /lti/launch}) against every MUST of LTI Core
 * 1.3 §5.1.3 and the Security Framework 1.0 §5.1.3, in the order of {@code docs/lti.md} §3, and stops at
 * the first failure. Writes nothing but the consumption of the state; the caller stores the launch.
 */
public final class LaunchValidator {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    public static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";
    public static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/";
    static final int MAX_TOKEN_CHARS = 100_000;

    private final Config config;
    private final Database db;
    private final Registrations registrations;
    private final PlatformKeys platformKeys;
    private final OidcLogin login;
    private final Clock clock;

    /**
     * A launch that passed every check, ready to be stored. {@code storageCheck} is non-null when the browser did
     * not bring back the state cookie but the login named a platform storage target: the binding of the state to
     * this browser is then still to be proven through the platform's storage (docs/lti.md §9).
     */
    public record ValidatedLaunch(PlatformRegistration registration, Optional<Deployment> deployment,
            String deploymentId, String nonce, LaunchContext context, StorageCheck storageCheck) {
    }

    /** What the launch page needs to ask the platform's storage for the state. */
    public record StorageCheck(String state, String target, String platformOrigin) {
    }

    /**
     * The stored login state this launch answers, with its registration as it stands now (read on the connection
     * that consumed the state; empty if it has been deleted since the login).
     */
    public record LoginState(String state, String nonce, long registrationId, String targetLinkUri, String deploymentId,
            String storageTarget, Instant expiresAt, Optional<PlatformRegistration> registration) {
    }

    public LaunchValidator(Config config, Database db, Registrations registrations, PlatformKeys platformKeys,
            OidcLogin login, Clock clock) {
        this.config = config;
        this.db = db;
        this.registrations = registrations;
        this.platformKeys = platformKeys;
        this.login = login;
        this.clock = clock;
    }

    public ValidatedLaunch validate(String idToken, String state, String platformError, Map<String, String> cookies) {
        // 1. state: one we issued, unexpired, bound to this browser; consumed now so it can never be used again.
        if (OidcLogin.blank(state)) {
            throw LaunchError.STATE_MISSING.exception();
        }
        if (state.length() > 100) {
            throw LaunchError.STATE_UNKNOWN.exception("state too long");
        }
        LoginState login = consumeState(state);
        boolean cookieBound = OidcLogin.cookieValue(state).equals(cookies.get(OidcLogin.cookieName(state)));
        if (!cookieBound && login.storageTarget() == null) {
            throw LaunchError.STATE_NOT_BOUND.exception("no matching state cookie and no platform storage");
        }
        if (platformError != null) {
            throw LaunchError.LAUNCH_ERROR_FROM_PLATFORM.exception("platform error=" + OidcLogin.clip(platformError));
        }
        if (OidcLogin.blank(idToken)) {
            throw LaunchError.ID_TOKEN_MISSING.exception();
        }
        PlatformRegistration reg = login.registration()
                .orElseThrow(() -> LaunchError.REGISTRATION_UNKNOWN.exception("registration vanished"));
        if (reg.status() == PlatformRegistration.Status.DISABLED) {
            throw LaunchError.REGISTRATION_DISABLED.exception("registration " + reg.id());
        }

        return checkToken(idToken, login, reg, cookieBound);
    }

    /**
     * Steps 2 to 13 of {@link #validate}, for the state {@code login} already consumed and its (enabled) registration
     * {@code reg}: everything about the id_token itself. Touches no database but the deployment lookup of step 10,
     * which {@link Registrations#findDeployment(long, String)} answers from its short cache on a warm node. Public
     * for the validation benchmark, which measures exactly this.
     */
    public ValidatedLaunch checkToken(String idToken, LoginState login, PlatformRegistration reg, boolean cookieBound) {
        // 2-3. A compact JWS, RS256 only, with a kid naming one of the platform's keys; the signature verifies.
        CompactJws jwt = CompactJws.parse(idToken);
        String kid = jwt.header().getKeyID();
        if (OidcLogin.blank(kid)) {
            throw LaunchError.KID_MISSING.exception();
        }
        RSAKey key = platformKey(reg, kid);
        try {
            if (!jwt.verify(platformKeys.verifier(key))) {
                throw LaunchError.SIGNATURE_INVALID.exception("kid=" + OidcLogin.clip(kid));
            }
        } catch (JOSEException e) {
            throw LaunchError.SIGNATURE_INVALID.exception(e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.claims();
        } catch (ParseException e) {
            throw LaunchError.CLAIMS_MALFORMED.exception(e.getMessage());
        }
        Claims c = new Claims(claims);

        // 4. iss is the very registration the login started with.
        if (!reg.issuer().equals(claims.getIssuer())) {
            throw LaunchError.ISSUER_MISMATCH.exception("iss=" + OidcLogin.clip(claims.getIssuer()));
        }
        // 5. aud contains our client_id; with several audiences azp must be there; a present azp must be us.
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(reg.clientId())) {
            throw LaunchError.AUDIENCE_MISMATCH.exception("aud=" + aud);
        }
        String azp = c.string("azp");
        if (aud.size() > 1 && azp == null) {
            throw LaunchError.AZP_MISSING.exception();
        }
        if (azp != null && !azp.equals(reg.clientId())) {
            throw LaunchError.AZP_MISMATCH.exception("azp=" + OidcLogin.clip(azp));
        }
        // 6. exp and iat present and sane, with leeway; iat no older than our window.
        Instant now = clock.instant();
        long leeway = config.clockLeeway().toSeconds();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null) {
            throw LaunchError.EXP_MISSING.exception();
        }
        if (exp.toInstant().plusSeconds(leeway).isBefore(now)) {
            throw LaunchError.TOKEN_EXPIRED.exception("exp=" + exp.toInstant());
        }
        if (iat == null) {
            throw LaunchError.IAT_MISSING.exception();
        }
        if (iat.toInstant().minusSeconds(leeway).isAfter(now)) {
            throw LaunchError.IAT_IN_FUTURE.exception("iat=" + iat.toInstant());
        }
        if (iat.toInstant().isBefore(now.minus(config.maxTokenAge()))) {
            throw LaunchError.TOKEN_TOO_OLD.exception("iat=" + iat.toInstant());
        }
        // 7. nonce equals the one minted with this state (its single use is enforced when the launch is stored).
        String nonce = c.string("nonce");
        if (OidcLogin.blank(nonce)) {
            throw LaunchError.NONCE_MISSING.exception();
        }
        if (!nonce.equals(login.nonce())) {
            throw LaunchError.NONCE_MISMATCH.exception();
        }
        // 8. version.
        if (!"1.3.0".equals(c.string(LTI + "version"))) {
            throw LaunchError.VERSION_INVALID.exception("version=" + OidcLogin.clip(String.valueOf(claims.getClaim(LTI + "version"))));
        }
        // 9. message type.
        String messageTypeName = c.string(LTI + "message_type");
        if (OidcLogin.blank(messageTypeName)) {
            throw LaunchError.MESSAGE_TYPE_MISSING.exception();
        }
        MessageType type = MessageType.fromWire(messageTypeName)
                .orElseThrow(() -> LaunchError.MESSAGE_TYPE_UNKNOWN.exception("message_type=" + OidcLogin.clip(messageTypeName)));
        // 10. deployment id: present, ≤ 255, the login's if it sent one, known (or accepted by policy).
        String deploymentId = c.string(LTI + "deployment_id");
        if (OidcLogin.blank(deploymentId)) {
            throw LaunchError.DEPLOYMENT_MISSING.exception();
        }
        if (deploymentId.length() > 255) {
            throw LaunchError.DEPLOYMENT_INVALID.exception("longer than 255");
        }
        if (login.deploymentId() != null && !login.deploymentId().equals(deploymentId)) {
            throw LaunchError.DEPLOYMENT_MISMATCH.exception();
        }
        Optional<Deployment> deployment = registrations.findDeployment(reg.id(), deploymentId);
        if (deployment.isPresent() && deployment.get().status() == Deployment.Status.DISABLED) {
            throw LaunchError.DEPLOYMENT_DISABLED.exception("deployment " + deployment.get().id());
        }
        if (deployment.isPresent() && deployment.get().status() == Deployment.Status.REFUSED) {
            throw LaunchError.DEPLOYMENT_UNKNOWN.exception("deployment " + deployment.get().id() + " awaits approval");
        }
        if (deployment.isEmpty() && config.unknownDeployments() == Config.UnknownDeploymentPolicy.REJECT) {
            // Certification: a deployment the admin has not added is refused. It is recorded (the token is the
            // platform's, signed) so the admin console can list it as seen, refused, with a one-click approval.
            Deployment seen = registrations.recordRefusedDeployment(reg.id(), deploymentId);
            throw LaunchError.DEPLOYMENT_UNKNOWN.exception("registration " + reg.id() + " deployment " + seen.id());
        }
        // 11. roles: an array, possibly [] or [""].
        if (!claims.getClaims().containsKey(LTI + "roles")) {
            throw LaunchError.ROLES_MISSING.exception();
        }
        List<String> roles = c.stringList(LTI + "roles");
        // 12. per message type.
        Map<String, Object> resourceLink = c.object(LTI + "resource_link");
        String resourceLinkId = resourceLink == null ? null : Claims.str(resourceLink, "id", LTI + "resource_link.id");
        String targetLinkUri = c.string(LTI + "target_link_uri");
        String deepLinkingJson = null;
        switch (type) {
            case RESOURCE_LINK -> {
                if (OidcLogin.blank(resourceLinkId)) {
                    throw LaunchError.RESOURCE_LINK_MISSING.exception();
                }
                if (OidcLogin.blank(targetLinkUri)) {
                    throw LaunchError.TARGET_LINK_MISSING.exception();
                }
                if (!targetLinkUri.equals(login.targetLinkUri()) || !this.login.isOurLaunchUrl(targetLinkUri)) {
                    throw LaunchError.TARGET_LINK_MISMATCH.exception("target_link_uri=" + OidcLogin.clip(targetLinkUri));
                }
            }
            case DEEP_LINKING -> {
                Map<String, Object> settings = c.object(DL + "deep_linking_settings");
                if (settings == null || OidcLogin.blank(Claims.str(settings, "deep_link_return_url", "deep_link_return_url"))) {
                    throw LaunchError.DEEP_LINKING_SETTINGS_MISSING.exception();
                }
                deepLinkingJson = Json.write(settings);
            }
            case SUBMISSION_REVIEW -> {
                Map<String, Object> forUser = c.object(LTI + "for_user");
                if (forUser == null || OidcLogin.blank(Claims.str(forUser, "user_id", "for_user.user_id"))) {
                    throw LaunchError.FOR_USER_MISSING.exception();
                }
                if (c.object(AGS + "endpoint") == null) {
                    throw LaunchError.CLAIM_INVALID.exception("submission review without ags endpoint");
                }
                deepLinkingJson = Json.write(Map.of("for_user", forUser));
            }
        }
        // 13. sub: absent is an anonymous launch; present but empty is refused.
        String sub = null;
        if (claims.getClaims().containsKey("sub")) {
            sub = c.string("sub");
            if (OidcLogin.blank(sub)) {
                throw LaunchError.SUB_EMPTY.exception();
            }
            if (sub.length() > 255) {
                throw LaunchError.CLAIM_INVALID.exception("sub longer than 255");
            }
        }
        LaunchContext context = buildContext(c, reg, type, sub, roles, resourceLinkId, resourceLink, targetLinkUri,
                deepLinkingJson, now);
        StorageCheck storageCheck = cookieBound ? null
                : new StorageCheck(login.state(), login.storageTarget(), PlatformRegistration.originOf(reg.authUrl()));
        return new ValidatedLaunch(reg, deployment, deploymentId, nonce, context, storageCheck);
    }

    private LaunchContext buildContext(Claims c, PlatformRegistration reg, MessageType type, String sub,
            List<String> roles, String resourceLinkId, Map<String, Object> resourceLink, String targetLinkUri,
            String deepLinkingJson, Instant now) {
        Map<String, Object> context = c.object(LTI + "context");
        String contextId = context == null ? null : Claims.str(context, "id", LTI + "context.id");
        if (contextId != null && contextId.length() > 255) {
            throw LaunchError.CLAIM_INVALID.exception("context.id longer than 255");
        }
        if (resourceLinkId != null && resourceLinkId.length() > 255) {
            throw LaunchError.CLAIM_INVALID.exception("resource_link.id longer than 255");
        }
        Map<String, Object> presentation = c.objectLenient(LTI + "launch_presentation");
        Map<String, Object> ags = c.object(AGS + "endpoint");
        Map<String, Object> nrps = c.object(NRPS + "namesroleservice");
        Map<String, Object> customRaw = c.object(LTI + "custom");
        Map<String, String> custom = new LinkedHashMap<>();
        if (customRaw != null) {
            customRaw.forEach((k, v) -> {
                if (v != null) {
                    custom.put(k, v instanceof String s ? s : Json.write(v));
                }
            });
            if (Json.write(custom).length() > 20_000) {
                throw LaunchError.CLAIM_INVALID.exception("custom claim too large");
            }
        }
        Map<String, Object> platform = c.objectLenient(LTI + "tool_platform");
        String locale = Claims.lenient(presentation, "locale");
        if (locale == null) {
            locale = c.lenientString("locale");
        }
        List<String> agsScopes = ags == null ? List.of() : Claims.list(ags, "scope", AGS + "endpoint.scope");
        String rolesJson = Json.write(roles);
        if (rolesJson.length() > 4000) {
            throw LaunchError.CLAIM_INVALID.exception("roles claim too large");
        }
        return new LaunchContext(
                ToolSecrets.randomToken(24), reg.id(), 0, type, sub,
                clip(c.lenientString("name"), 500), clip(c.lenientString("given_name"), 255),
                clip(c.lenientString("family_name"), 255), clip(c.lenientString("email"), 500), roles,
                contextId, clip(Claims.lenient(context, "title"), 1000), clip(Claims.lenient(context, "label"), 255),
                resourceLinkId, clip(Claims.lenient(resourceLink, "title"), 1000), clip(targetLinkUri, 2000),
                clip(locale, 35), clip(Claims.lenient(presentation, "document_target"), 20),
                clip(Claims.lenient(presentation, "return_url"), 2000),
                new LaunchContext.AgsEndpoint(clip(Claims.str(ags, "lineitems", AGS + "endpoint.lineitems"), 2000),
                        clip(Claims.str(ags, "lineitem", AGS + "endpoint.lineitem"), 2000), agsScopes),
                clip(Claims.str(nrps, "context_memberships_url", NRPS + "namesroleservice.context_memberships_url"), 2000),
                custom, clip(deepLinkingJson, 20_000), platform == null ? null : clip(Json.write(platform), 2000), now);
    }

    private static final String STATE_COLUMNS = "s.state, s.nonce, s.registration_id, s.target_link_uri, s.deployment_id, "
            + "s.storage_target, s.expires_at, " + Registrations.COLUMNS_R;
    /**
     * Reads and deletes the state in one atomic statement (of two launches racing with one state, one gets the row),
     * with its registration as it stands now joined in: one statement instead of two.
     */
    private static final String CONSUME_STATE_H2 = "SELECT " + STATE_COLUMNS
            + " FROM OLD TABLE (DELETE FROM login_state WHERE state = ?) s"
            + " LEFT JOIN platform_registration r ON r.id = s.registration_id";
    private static final String CONSUME_STATE_POSTGRES = "WITH s AS (DELETE FROM login_state WHERE state = ? RETURNING *) "
            + "SELECT " + STATE_COLUMNS + " FROM s LEFT JOIN platform_registration r ON r.id = s.registration_id";

    private LoginState consumeState(String state) {
        LoginState found = db.withConnection(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(db.isPostgres() ? CONSUME_STATE_POSTGRES : CONSUME_STATE_H2)) {
                Sql.bind(ps, state);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LaunchError.STATE_UNKNOWN.exception("no such state (or consumed concurrently)");
                    }
                    rs.getLong(8);
                    Optional<PlatformRegistration> reg = rs.wasNull() ? Optional.empty()
                            : Optional.of(Registrations.read(rs, 7));
                    return new LoginState(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), Sql.instant(rs.getTimestamp(7)), reg);
                }
            }
        });
        if (found.expiresAt().isBefore(clock.instant())) {
            throw LaunchError.STATE_UNKNOWN.exception("state expired");
        }
        return found;
    }

    private RSAKey platformKey(PlatformRegistration reg, String kid) {
        try {
            return platformKeys.find(reg, kid)
                    .orElseThrow(() -> LaunchError.KID_UNKNOWN.exception("kid=" + OidcLogin.clip(kid)));
        } catch (RateLimitReachedException e) {
            throw LaunchError.KID_UNKNOWN.exception("kid=" + OidcLogin.clip(kid) + " (refetch rate limited)");
        } catch (KeySourceException e) {
            throw LaunchError.PLATFORM_KEYS_UNAVAILABLE.exception(e.getMessage());
        }
    }

    private static String clip(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }
}
