package org.attentionlesson.devplatform.deeplinking;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The tool's public keys as a platform sees them: fetched over HTTP from the tool's JWKS URL (as registered), kept,
 * and fetched again — at most every few seconds — when a message names a key not seen yet (the tool rotated).
 */
public final class PublishedToolKeys {
    private final URI url;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JWKSet cached;
    private Instant fetchedAt = Instant.EPOCH;

    public PublishedToolKeys(URI url, Clock clock) {
        this.url = url;
        this.clock = clock;
    }

    /** The key with this {@code kid}, or null when the tool does not publish one. */
    public synchronized JWK key(String kid) {
        JWK k = cached == null ? null : cached.getKeyByKeyId(kid);
        if (k == null && fetchedAt.isBefore(clock.instant().minusSeconds(2))) {
            fetchedAt = clock.instant();
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(5))
                                .header("User-Agent", "DevLMS")
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    cached = JWKSet.parse(r.body());
                    k = cached.getKeyByKeyId(kid);
                }
            } catch (java.io.IOException | java.text.ParseException e) {
                throw new DeepLinkingRefused("The tool's JWKS at " + url + " could not be read: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeepLinkingRefused("Interrupted while reading the tool's JWKS.");
            }
        }
        return k;
    }
}
