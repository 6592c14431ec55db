package org.attentionlesson.lti;

import static org.attentionlesson.lti.LaunchValidator.AGS;
import static org.attentionlesson.lti.LaunchValidator.LTI;
import static org.attentionlesson.lti.LaunchValidator.NRPS;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.web.Config;
import org.attentionlesson.web.Json;

/**
 * The checks every id_token gets whatever its message type (LTI Core 1.3 §5.1.3, Security Framework 1.0 §5.1.3;
 * docs/lti.md §3 steps 2 to 11 and 13), and the launch context built from a token that passed them. The checks of
 * each message type (step 12) are its {@link MessageValidator}'s.
 */
final class IdTokenChecks {
    private final Config config;
    private final Registrations registrations;
    private final PlatformKeys platformKeys;
    private final Clock clock;

    /** A token that passed steps 2 to 11, with the claims later steps read. */
    record Token(
            Claims claims,
            JWTClaimsSet set,
            MessageType type,
            String nonce,
            String deploymentId,
            Optional<Deployment> deployment,
            List<String> roles,
            Map<String, Object> resourceLink,
            String resourceLinkId,
            String targetLinkUri,
            Instant now) {}

    IdTokenChecks(Config config, Registrations registrations, PlatformKeys platformKeys, Clock clock) {
        this.config = config;
        this.registrations = registrations;
        this.platformKeys = platformKeys;
        this.clock = clock;
    }

    /** Steps 2 to 11 for the consumed login state {@code login} and its (enabled) registration {@code reg}. */
    Token check(String idToken, LaunchValidator.LoginState login, PlatformRegistration reg) {
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
            throw LaunchError.VERSION_INVALID.exception(
                    "version=" + OidcLogin.clip(String.valueOf(claims.getClaim(LTI + "version"))));
        }
        // 9. message type.
        String messageTypeName = c.string(LTI + "message_type");
        if (OidcLogin.blank(messageTypeName)) {
            throw LaunchError.MESSAGE_TYPE_MISSING.exception();
        }
        MessageType type = MessageType.fromWire(messageTypeName)
                .orElseThrow(() ->
                        LaunchError.MESSAGE_TYPE_UNKNOWN.exception("message_type=" + OidcLogin.clip(messageTypeName)));
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
        Optional<Deployment> deployment = registrations.findDeployment(reg.id(), deploymentId, login.configVersion());
        if (deployment.isPresent() && deployment.get().status() == Deployment.Status.DISABLED) {
            throw LaunchError.DEPLOYMENT_DISABLED.exception(
                    "deployment " + deployment.get().id());
        }
        if (deployment.isPresent() && deployment.get().status() == Deployment.Status.REFUSED) {
            throw LaunchError.DEPLOYMENT_UNKNOWN.exception(
                    "deployment " + deployment.get().id() + " awaits approval");
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
        Map<String, Object> resourceLink = c.object(LTI + "resource_link");
        String resourceLinkId = resourceLink == null ? null : Claims.str(resourceLink, "id", LTI + "resource_link.id");
        String targetLinkUri = c.string(LTI + "target_link_uri");
        return new Token(
                c,
                claims,
                type,
                nonce,
                deploymentId,
                deployment,
                roles,
                resourceLink,
                resourceLinkId,
                targetLinkUri,
                now);
    }

    /**
     * Step 13, then the launch context of a token that passed every check; its id is {@code id}, or a new one when
     * null (a sealed state's launch has its id derived from the state: SealedStates#launchId).
     */
    LaunchContext context(Token t, PlatformRegistration reg, String messageJson, String id) {
        Claims c = t.claims();
        // 13. sub: absent is an anonymous launch; present but empty is refused.
        String sub = null;
        if (t.set().getClaims().containsKey("sub")) {
            sub = c.string("sub");
            if (OidcLogin.blank(sub)) {
                throw LaunchError.SUB_EMPTY.exception();
            }
            if (sub.length() > 255) {
                throw LaunchError.CLAIM_INVALID.exception("sub longer than 255");
            }
        }
        return buildContext(
                c,
                reg,
                t.type(),
                sub,
                t.roles(),
                t.resourceLinkId(),
                t.resourceLink(),
                t.targetLinkUri(),
                messageJson,
                t.now(),
                id);
    }

    private LaunchContext buildContext(
            Claims c,
            PlatformRegistration reg,
            MessageType type,
            String sub,
            List<String> roles,
            String resourceLinkId,
            Map<String, Object> resourceLink,
            String targetLinkUri,
            String deepLinkingJson,
            Instant now,
            String id) {
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
                id == null ? LaunchContexts.newId(now) : id,
                reg.id(),
                0,
                type,
                sub,
                clip(c.lenientString("name"), 500),
                clip(c.lenientString("given_name"), 255),
                clip(c.lenientString("family_name"), 255),
                clip(c.lenientString("email"), 500),
                roles,
                contextId,
                clip(Claims.lenient(context, "title"), 1000),
                clip(Claims.lenient(context, "label"), 255),
                resourceLinkId,
                clip(Claims.lenient(resourceLink, "title"), 1000),
                clip(targetLinkUri, 2000),
                clip(locale, 35),
                clip(Claims.lenient(presentation, "document_target"), 20),
                clip(Claims.lenient(presentation, "return_url"), 2000),
                new LaunchContext.AgsEndpoint(
                        clip(Claims.str(ags, "lineitems", AGS + "endpoint.lineitems"), 2000),
                        clip(Claims.str(ags, "lineitem", AGS + "endpoint.lineitem"), 2000),
                        agsScopes),
                clip(
                        Claims.str(nrps, "context_memberships_url", NRPS + "namesroleservice.context_memberships_url"),
                        2000),
                custom,
                clip(deepLinkingJson, 20_000),
                platform == null ? null : clip(Json.write(platform), 2000),
                now);
    }

    private RSAKey platformKey(PlatformRegistration reg, String kid) {
        try {
            return platformKeys
                    .find(reg, kid)
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
