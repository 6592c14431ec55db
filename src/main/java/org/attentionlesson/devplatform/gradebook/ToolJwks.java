package org.attentionlesson.devplatform.gradebook;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/**
 * The tool's public keys as a platform sees them: fetched over HTTP from the tool's JWKS URL, cached, and fetched
 * again (at most every few seconds) when an assertion names a key not seen yet.
 */
final class ToolJwks {
    private final String url;
    // Plain HttpURLConnection (through Nimbus): no client threads outlive the web application when it stops.
    private final DefaultResourceRetriever http = new DefaultResourceRetriever(5000, 5000, 256 * 1024);
    private volatile JWKSet cached;
    private volatile Instant fetchedAt = Instant.EPOCH;

    ToolJwks(String url) {
        this.url = url;
    }

    synchronized JWK key(String kid) throws Exception {
        JWK k = cached == null ? null : cached.getKeyByKeyId(kid);
        if (k == null && fetchedAt.isBefore(Instant.now().minusSeconds(2))) {
            fetchedAt = Instant.now();
            try {
                cached = JWKSet.parse(
                        http.retrieveResource(URI.create(url).toURL()).getContent());
                k = cached.getKeyByKeyId(kid);
            } catch (IOException e) {
                return null; // not published (or not reachable): the assertion's key is unknown
            }
        }
        return k;
    }
}
