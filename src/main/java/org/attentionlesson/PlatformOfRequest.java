package org.attentionlesson;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.OptionalLong;
import org.attentionlesson.lti.LaunchContexts;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.Registrations;

/**
 * Which registration a request serves, for the response's frame-ancestors and form-action (web/SecurityHeaders):
 * a page names it by its signed launch token, a refused launch or login by the (unverified) issuer and client id
 * it carries.
 */
final class PlatformOfRequest {
    private final LaunchSession session;
    private final LaunchContexts contexts;
    private final Registrations registrations;

    PlatformOfRequest(LaunchSession session, LaunchContexts contexts, Registrations registrations) {
        this.session = session;
        this.contexts = contexts;
        this.registrations = registrations;
    }

    /** The registration a page serves, from its signed launch token ({@code lt}); the launch and login name theirs. */
    OptionalLong ofPage(HttpServletRequest req) {
        String token = req.getParameter(LaunchSession.PARAM);
        if (token == null || token.isBlank() || token.length() > 4096) {
            return OptionalLong.empty();
        }
        return session.tokens()
                .check(token)
                .flatMap(contexts::find)
                .map(l -> OptionalLong.of(l.registrationId()))
                .orElse(OptionalLong.empty());
    }

    /**
     * The registration a refused launch or login names (unverified: the error page only says what went wrong, and
     * only that registration's LMS may frame it): the id_token's {@code iss} and {@code aud}, or the login's
     * {@code iss} and {@code client_id}.
     */
    OptionalLong ofRefused(HttpServletRequest req) {
        String path = req.getServletPath();
        String issuer = null;
        String clientId = null;
        if ("/lti/launch".equals(path)
                && req.getParameter("id_token") != null
                && req.getParameter("id_token").length() < 20_000) {
            try {
                JWTClaimsSet claims =
                        JWTParser.parse(req.getParameter("id_token")).getJWTClaimsSet();
                issuer = claims.getIssuer();
                clientId = claims.getAudience() != null && claims.getAudience().size() == 1
                        ? claims.getAudience().get(0)
                        : null;
            } catch (ParseException e) {
                return OptionalLong.empty();
            }
        } else if ("/lti/login".equals(path)) {
            issuer = req.getParameter("iss");
            clientId = req.getParameter("client_id");
        }
        if (issuer == null || clientId == null || issuer.length() > 1000 || clientId.length() > 255) {
            return OptionalLong.empty();
        }
        return registrations
                .find(issuer, clientId)
                .map(r -> OptionalLong.of(r.id()))
                .orElse(OptionalLong.empty());
    }
}
