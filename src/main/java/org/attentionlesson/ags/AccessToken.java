package org.attentionlesson.ags;

import java.time.Instant;
import java.util.Set;

/** An OAuth 2 bearer token for a platform's services (Security Framework §4.1), valid until {@code expiresAt}. */
/** {@code renewAt}: when the cache stops handing it out and fetches the next one. */
public record AccessToken(String value, Set<String> scopes, Instant expiresAt, Instant renewAt) {
    @Override
    public String toString() {
        return "AccessToken[scopes=" + scopes + ", expiresAt=" + expiresAt + "]"; // never the value
    }
}
