package org.attentionlesson.devplatform.deeplinking;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The tool's public keys as a platform sees them: fetched over HTTP from the tool's JWKS URL (as registered), kept,
 * and fetched again — at most every few seconds — when a message names a key not seen yet (the tool rotated).
 */
public final class PublishedToolKeys {
    private final URI url;
    private final Clock clock;
    // Plain HttpURLConnection (through Nimbus): no client threads outlive the web application when it stops.
    private final DefaultResourceRetriever http = new DefaultResourceRetriever(5000, 5000, 256 * 1024);
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
                cached = JWKSet.parse(http.retrieveResource(url.toURL()).getContent());
                k = cached.getKeyByKeyId(kid);
            } catch (java.io.IOException | java.text.ParseException e) {
                throw new DeepLinkingRefused("The tool's JWKS at " + url + " could not be read: " + e.getMessage());
            }
        }
        return k;
    }
}
