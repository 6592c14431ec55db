package org.attentionlesson.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool's RSA signing keys. The first start generates one; rotation publishes the next key at once and
 * signs with it only after a grace period, so platforms that cache our JWKS see it before any token needs it
 * (docs/lti.md §4). Private keys live only in the database and are never logged or shown.
 */
public final class ToolKeys {
    private static final Logger log = LoggerFactory.getLogger(ToolKeys.class);

    private final ToolKeyStore store;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /** What is loaded now: the key to sign with and the keys to publish. */
    private record Snapshot(RSAKey signing, JWKSet published, Instant loadedAt, Instant nextChange) {}

    public record KeyInfo(
            String kid,
            Instant createdAt,
            Instant signingFrom,
            Instant retiredAt,
            Instant unpublishAt,
            boolean signingNow,
            boolean published) {}

    public ToolKeys(Database db, Clock clock) {
        this.store = new ToolKeyStore(db);
        this.clock = clock;
        if (load().isEmpty()) {
            generate(Duration.ZERO);
            log.info("Generated the tool's first RSA signing key");
        }
        reload();
    }

    /** The key to sign with now (assertions, deep linking responses). */
    public RSAKey signingKey() {
        Snapshot s = current();
        if (s.signing == null) {
            throw new IllegalStateException("No tool signing key is active");
        }
        return s.signing;
    }

    /** The public JWKS served at {@code /.well-known/jwks.json}. */
    public JWKSet publicJwks() {
        return current().published;
    }

    public boolean loaded() {
        return current().signing != null;
    }

    /**
     * Creates a new key that is published now and used for signing from {@code now + grace}. The current key
     * stops signing then, and leaves the JWKS {@code retention} later.
     */
    public String rotate(Duration grace, Duration retention) {
        Published next = generate(grace);
        String kid = next.kid();
        // Counted from publication, not from the start of the call: generating a key can take seconds under load,
        // and platforms must have had the whole grace period to see the new key before it signs anything.
        Instant switchAt = next.at().plus(grace);
        store.retireAllBut(kid, switchAt, switchAt.plus(retention));
        reload();
        log.info("Rotated tool keys: new key {} signs from {}", kid, switchAt);
        return kid;
    }

    public List<KeyInfo> describe() {
        Instant now = clock.instant();
        List<KeyInfo> out = new ArrayList<>();
        for (ToolKeyStore.Row r : load()) {
            boolean signing =
                    current().signing != null && current().signing.getKeyID().equals(r.kid());
            boolean published = r.unpublishAt() == null || r.unpublishAt().isAfter(now);
            out.add(new KeyInfo(
                    r.kid(), r.createdAt(), r.signingFrom(), r.retiredAt(), r.unpublishAt(), signing, published));
        }
        return out;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null
                || !clock.instant().isBefore(s.nextChange)
                || clock.instant().isAfter(s.loadedAt.plusSeconds(30))) {
            s = reload();
        }
        return s;
    }

    /** Re-reads the keys (other nodes may have rotated). */
    public synchronized Snapshot reload() {
        Instant now = clock.instant();
        List<ToolKeyStore.Row> rows = load();
        RSAKey signing = null;
        Instant signingFrom = null;
        Instant nextChange = now.plus(Duration.ofDays(3650));
        List<com.nimbusds.jose.jwk.JWK> published = new ArrayList<>();
        for (ToolKeyStore.Row r : rows) {
            boolean publishedNow = r.unpublishAt() == null || r.unpublishAt().isAfter(now);
            if (publishedNow) {
                published.add(r.key().toPublicJWK());
            }
            boolean signingNow = !r.signingFrom().isAfter(now)
                    && (r.retiredAt() == null || r.retiredAt().isAfter(now));
            if (signingNow && (signingFrom == null || r.signingFrom().isAfter(signingFrom))) {
                signing = r.key();
                signingFrom = r.signingFrom();
            }
            for (Instant t : new Instant[] {r.signingFrom(), r.retiredAt(), r.unpublishAt()}) {
                if (t != null && t.isAfter(now) && t.isBefore(nextChange)) {
                    nextChange = t;
                }
            }
        }
        Snapshot s = new Snapshot(signing, new JWKSet(published), now, nextChange);
        snapshot = s;
        return s;
    }

    private record Published(String kid, Instant at) {}

    private Published generate(Duration grace) {
        String kid = clock.instant().toString().substring(0, 10) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate an RSA key", e);
        }
        Instant now = clock.instant();
        store.insert(kid, key, now, now.plus(grace));
        return new Published(kid, now);
    }

    private List<ToolKeyStore.Row> load() {
        return store.load();
    }
}
