package org.attentionlesson.devplatform.gradebook;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The tool's public keys as a platform sees them: fetched over HTTP from the tool's JWKS URL, cached, and fetched
 * again (at most every few seconds) when an assertion names a key not seen yet.
 */
final class ToolJwks {
    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile JWKSet cached;
    private volatile Instant fetchedAt = Instant.EPOCH;

    ToolJwks(String url) {
        this.url = url;
    }

    synchronized JWK key(String kid) throws Exception {
        JWK k = cached == null ? null : cached.getKeyByKeyId(kid);
        if (k == null && fetchedAt.isBefore(Instant.now().minusSeconds(2))) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .header("User-Agent", "DevLMS")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            fetchedAt = Instant.now();
            if (r.statusCode() == 200) {
                cached = JWKSet.parse(r.body());
                k = cached.getKeyByKeyId(kid);
            }
        }
        return k;
    }
}
