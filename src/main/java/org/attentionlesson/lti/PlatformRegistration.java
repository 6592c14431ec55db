package org.attentionlesson.lti;

import java.net.URI;
import org.attentionlesson.outbound.RegisteredPlatform;

/**
 * One platform registration: an (issuer, client_id) pair and the platform's endpoints (docs/lti.md §1). Canvas
 * Cloud uses one issuer for every institution, so a registration is always looked up by both values.
 */
public record PlatformRegistration(
        long id,
        String issuer,
        String clientId,
        String name,
        URI authUrl,
        URI jwksUrl,
        URI tokenUrl,
        String tokenAudience,
        String productFamily,
        Status status)
        implements RegisteredPlatform {

    public enum Status {
        ACTIVE,
        PENDING,
        DISABLED
    }

    /** The {@code aud} for client assertions: the configured audience, else the exact token URL (Security §4.1.1). */
    public String assertionAudience() {
        return tokenAudience != null && !tokenAudience.isBlank() ? tokenAudience : String.valueOf(tokenUrl);
    }

    /** The platform's origin, for {@code frame-ancestors} and postMessage target origins. */
    public static String originOf(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + (port == -1 ? "" : ":" + port);
    }
}
