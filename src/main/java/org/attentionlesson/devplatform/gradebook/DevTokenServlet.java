package org.attentionlesson.devplatform.gradebook;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.devplatform.DevEndpoints;
import org.attentionlesson.web.Json;

/**
 * {@code POST /dev/token}: OAuth 2 client credentials with a JWT client assertion (IMS Security Framework §4.1),
 * checked as strictly as Moodle (no clock skew on {@code iat}) and Canvas ({@code aud} = this exact URL, signature
 * against the tool's published JWKS, single-use {@code jti}). Errors are RFC 6749 §5.2 JSON.
 */
final class DevTokenServlet extends HttpServlet {
    static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/";
    static final Set<String> GRANTABLE = Set.of(
            AGS + "lineitem",
            AGS + "lineitem.readonly",
            AGS + "score",
            AGS + "result.readonly",
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly");
    static final Duration LIFETIME = Duration.ofSeconds(3600);

    private final DevGradebook gradebook;
    private final ToolJwks jwks;

    DevTokenServlet(DevGradebook gradebook, ToolJwks jwks) {
        this.gradebook = gradebook;
        this.jwks = jwks;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (DevLineItemsServlet.faulted(gradebook, req, resp)) {
            return;
        }
        String ct = req.getContentType();
        if (ct == null || !ct.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            refuse(req, resp, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
            return;
        }
        if (!"client_credentials".equals(req.getParameter("grant_type"))) {
            refuse(req, resp, 400, "unsupported_grant_type", "grant_type must be client_credentials");
            return;
        }
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                .equals(req.getParameter("client_assertion_type"))) {
            refuse(req, resp, 400, "invalid_request", "client_assertion_type must be jwt-bearer");
            return;
        }
        String problem = checkAssertion(req.getParameter("client_assertion"));
        if (problem != null) {
            refuse(req, resp, 401, "invalid_client", problem);
            return;
        }
        String scope = req.getParameter("scope");
        Set<String> scopes = new LinkedHashSet<>(
                scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+")));
        scopes.remove("");
        if (scopes.isEmpty() || !GRANTABLE.containsAll(scopes)) {
            refuse(req, resp, 400, "invalid_scope", "scope must list only granted LTI Advantage scopes");
            return;
        }
        String token = gradebook.issueToken(scopes, LIFETIME);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", LIFETIME.toSeconds());
        body.put("scope", String.join(" ", scopes));
        gradebook.log("POST", req.getRequestURI(), 200, "token for " + scopes.size() + " scopes");
        Json.send(resp, 200, body);
    }

    private String checkAssertion(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            return "client_assertion missing";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || jwt.getHeader().getKeyID() == null) {
                return "assertion must be RS256 with a kid";
            }
            JWK key = jwks.key(jwt.getHeader().getKeyID());
            if (key == null) {
                return "no key " + jwt.getHeader().getKeyID() + " in the tool's JWKS";
            }
            if (!jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
                return "assertion signature does not verify";
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Instant now = gradebook.clock().instant();
            if (!DevEndpoints.CLIENT_ID.equals(c.getIssuer()) || !DevEndpoints.CLIENT_ID.equals(c.getSubject())) {
                return "iss and sub must be the client id";
            }
            if (c.getAudience() == null
                    || c.getAudience().size() != 1
                    || !gradebook.tokenUrl().equals(c.getAudience().get(0))) {
                return "aud must be exactly " + gradebook.tokenUrl();
            }
            if (c.getIssueTime() == null || c.getIssueTime().toInstant().isAfter(now)) {
                return "iat missing or in the future";
            }
            if (c.getExpirationTime() == null
                    || !c.getExpirationTime().toInstant().isAfter(now)
                    || c.getExpirationTime()
                            .toInstant()
                            .isAfter(c.getIssueTime().toInstant().plusSeconds(300))) {
                return "exp missing, past, or more than 5 minutes after iat";
            }
            if (c.getJWTID() == null || !gradebook.firstUseOf(c.getJWTID())) {
                return "jti missing or already used";
            }
            return null;
        } catch (Exception e) {
            return "client_assertion is not a valid signed JWT";
        }
    }

    private void refuse(HttpServletRequest req, HttpServletResponse resp, int status, String error, String description)
            throws IOException {
        gradebook.log("POST", req.getRequestURI(), status, error + ": " + description);
        Json.send(resp, status, Map.of("error", error, "error_description", description));
    }
}
