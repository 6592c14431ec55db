package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.web.ToolException;

/** A registration as an admin types it in the console: parsed and checked once, here at the edge. */
public record RegistrationForm(
        String name,
        String issuer,
        String clientId,
        URI authUrl,
        URI jwksUrl,
        URI tokenUrl,
        String tokenAudience,
        List<String> deploymentIds,
        List<String> lmsAddresses) {

    public static RegistrationForm parse(HttpServletRequest req, boolean identityRequired) {
        List<String> problems = new ArrayList<>();
        String issuer = text(req, "issuer", 1000, identityRequired, problems);
        String clientId = text(req, "clientId", 255, identityRequired, problems);
        String name = text(req, "name", 255, true, problems);
        URI auth = url(req, "authUrl", true, problems);
        URI jwks = url(req, "jwksUrl", true, problems);
        URI token = url(req, "tokenUrl", false, problems);
        String audience = text(req, "tokenAudience", 2000, false, problems);
        Set<String> deployments = new LinkedHashSet<>();
        String raw = req.getParameter("deploymentIds");
        if (raw != null) {
            for (String d : raw.split("[\\s,]+")) {
                if (d.isBlank()) {
                    continue;
                }
                if (d.length() > 255) {
                    problems.add("A deployment id is longer than 255 characters.");
                } else {
                    deployments.add(d);
                }
            }
        }
        // The origins the LMS's pages live on when they differ from the issuer's (Canvas: the institution's host);
        // absent from the form: left as they are (null).
        List<String> lms = null;
        if (req.getParameter("lmsAddresses") != null) {
            try {
                lms = PlatformOrigins.parseList(req.getParameter("lmsAddresses"));
            } catch (IllegalArgumentException e) {
                problems.add("\"LMS address\": " + e.getMessage() + ".");
            }
        }
        if (!problems.isEmpty()) {
            throw ToolException.badRequest("ADMIN_FORM_INVALID", String.join(" ", problems));
        }
        return new RegistrationForm(name, issuer, clientId, auth, jwks, token, audience, List.copyOf(deployments), lms);
    }

    private static String text(HttpServletRequest req, String field, int max, boolean required, List<String> problems) {
        String v = req.getParameter(field);
        v = v == null ? null : v.trim();
        if (v == null || v.isEmpty()) {
            if (required) {
                problems.add("\"" + label(field) + "\" is required.");
            }
            return null;
        }
        if (v.length() > max) {
            problems.add("\"" + label(field) + "\" is longer than " + max + " characters.");
        }
        return v;
    }

    private static URI url(HttpServletRequest req, String field, boolean required, List<String> problems) {
        String v = text(req, field, 2000, required, problems);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (!u.isAbsolute()
                    || u.getHost() == null
                    || !("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))) {
                throw new URISyntaxException(v, "not absolute http(s)");
            }
            return u;
        } catch (URISyntaxException e) {
            problems.add("\"" + label(field) + "\" must be an absolute https:// address.");
            return null;
        }
    }

    static String label(String field) {
        return switch (field) {
            case "issuer" -> "Issuer";
            case "clientId" -> "Client id";
            case "name" -> "Name";
            case "authUrl" -> "Authorization URL";
            case "jwksUrl" -> "Platform JWKS URL";
            case "tokenUrl" -> "Token URL";
            case "tokenAudience" -> "Token audience";
            default -> field;
        };
    }
}
