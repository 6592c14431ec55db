package org.attentionlesson.devplatform;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's first step of a launch: OIDC third-party initiated login at the tool's login URL (LTI Core 1.3
 * §5.1.1, Security Framework 1.0 §5.1.1.1), sent either as a GET redirect (Canvas) or an auto-submitted POST form
 * (Moodle).
 */
public final class LoginInitiation {
    public enum Method {
        GET,
        POST
    }

    private final DevEndpoints endpoints;
    private final MessageHints hints;

    public LoginInitiation(DevEndpoints endpoints, MessageHints hints) {
        this.endpoints = endpoints;
        this.hints = hints;
    }

    public String loginUrl() {
        return endpoints.toolLoginUrl();
    }

    /** The login fields for {@code person} opening {@code link}, in the order a platform sends them. */
    public Map<String, String> fields(DevPerson person, DevResourceLink link, DocumentTarget target) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("iss", endpoints.issuer());
        f.put("login_hint", person.id());
        f.put("target_link_uri", endpoints.toolLaunchUrl());
        f.put("lti_message_hint", hints.issue(MessageHint.resourceLink(person.id(), link.id(), target)));
        f.put("client_id", DevEndpoints.CLIENT_ID);
        f.put("lti_deployment_id", DevEndpoints.DEPLOYMENT_ID);
        return f;
    }

    /** The GET form: the login URL with the fields as its query. */
    public URI redirect(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(loginUrl());
        char sep = '?';
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append(sep)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(sb.toString());
    }
}
