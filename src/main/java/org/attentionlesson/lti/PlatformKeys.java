package org.attentionlesson.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platforms' public keys, one Nimbus JWK source per JWKS URL: cached, refetched once when an unknown
 * {@code kid} appears (rate limited, so a flood of bad tokens cannot make us hammer the platform), and still
 * answering from cache while the platform's JWKS URL is down (outage tolerant).
 */
public final class PlatformKeys {
    private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();
    private final Map<String, LastKnown> lastKnown = new ConcurrentHashMap<>();
    private final Map<KeyIdentity, RSASSAVerifier> verifiers = new ConcurrentHashMap<>();
    private static final java.security.Provider RSA_PROVIDER = rsaProvider();
    private static final int MAX_VERIFIERS = 256;
    private final Settings settings;
    private final ResourceRetriever retriever;

    public record Settings(
            Duration cacheTtl,
            Duration minRefetchInterval,
            Duration outageTolerance,
            Duration httpTimeout,
            int maxBytes) {
        public static Settings defaults() {
            return new Settings(
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(30),
                    Duration.ofHours(24),
                    Duration.ofSeconds(5),
                    256 * 1024);
        }
    }

    /**
     * @param retriever fetches JWKS documents; in the tool, the outbound policy's client
     *                  ({@link org.attentionlesson.outbound.OutboundHttp#resourceRetriever()})
     */
    public PlatformKeys(Settings settings, ResourceRetriever retriever) {
        if (settings.minRefetchInterval().compareTo(settings.cacheTtl()) >= 0) {
            throw new IllegalStateException("attention.jwksMinRefetchSeconds ("
                    + settings.minRefetchInterval().toSeconds() + ") must be less than attention.jwksCacheSeconds ("
                    + settings.cacheTtl().toSeconds() + ")");
        }
        this.settings = settings;
        this.retriever = retriever;
    }

    /** The RSA key with this {@code kid} from the registration's JWKS, refetching once if it is not cached. */
    public Optional<RSAKey> find(PlatformRegistration registration, String kid) throws KeySourceException {
        String url = registration.jwksUrl().toString();
        JWKSource<SecurityContext> source = sources.computeIfAbsent(url, this::build);
        JWKSelector selector = new JWKSelector(
                new JWKMatcher.Builder().keyID(kid).keyType(KeyType.RSA).build());
        List<JWK> keys;
        try {
            keys = source.get(selector, null);
        } catch (RateLimitReachedException e) {
            // The refetch budget was spent (e.g. by tokens naming made-up kids): answer from the last set we saw,
            // so an expired cache during a flood does not lock out real launches.
            LastKnown known = lastKnown.get(url);
            if (known == null) {
                throw e;
            }
            keys = selector.select(known.set());
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0).toRSAKey());
    }

    /**
     * The RS256 verifier for a key {@link #find} returned. Building one turns the JWK into a JCA public key, which
     * costs about as much as a verification, so each key object gets one (Nimbus's verifiers are thread-safe, and
     * the cached JWKS hands back the same key objects until it is refetched). The verifier is the one a
     * {@code new RSASSAVerifier(key)} would be: same key, same (default) critical-header policy, and the provider the
     * JDK picks for SHA256withRSA, given to it once so that each verification asks that provider for its
     * {@code Signature} directly instead of walking the provider list (callers accept RS256 only).
     */
    public RSASSAVerifier verifier(RSAKey key) throws JOSEException {
        KeyIdentity id = new KeyIdentity(key);
        RSASSAVerifier v = verifiers.get(id);
        if (v == null) {
            v = new RSASSAVerifier(key);
            v.getJCAContext().setProvider(RSA_PROVIDER);
            if (verifiers.size() >= MAX_VERIFIERS) {
                verifiers.clear(); // keys rotated many times over: start again
            }
            verifiers.put(id, v);
        }
        return v;
    }

    private static java.security.Provider rsaProvider() {
        try {
            return java.security.Signature.getInstance("SHA256withRSA").getProvider();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA256withRSA", e);
        }
    }

    /** A key by object identity (a refetched JWKS brings new objects, and with them new verifiers). */
    private record KeyIdentity(RSAKey key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyIdentity k && k.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }

    private record LastKnown(JWKSet set) {}

    /** Remembers every JWKS fetched successfully, beneath Nimbus's cache and rate limiter. */
    private final class Recording implements JWKSetSource<SecurityContext> {
        private final String url;
        private final JWKSetSource<SecurityContext> delegate;

        Recording(String url, JWKSetSource<SecurityContext> delegate) {
            this.url = url;
            this.delegate = delegate;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long now, SecurityContext context)
                throws KeySourceException {
            JWKSet set = delegate.getJWKSet(evaluator, now, context);
            lastKnown.put(url, new LastKnown(set));
            return set;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /** Forgets the cached keys of a JWKS URL (after an admin changes a registration). */
    public void forget(URI jwksUrl) {
        sources.remove(jwksUrl.toString());
        lastKnown.remove(jwksUrl.toString());
    }

    private JWKSource<SecurityContext> build(String url) {
        int timeout = (int) settings.httpTimeout.toMillis();
        try {
            JWKSetSource<SecurityContext> fetch = new Recording(
                    url, new URLBasedJWKSetSource<>(URI.create(url).toURL(), retriever));
            return JWKSourceBuilder.create(fetch)
                    .cache(settings.cacheTtl.toMillis(), timeout)
                    .rateLimited(settings.minRefetchInterval.toMillis())
                    .outageTolerant(settings.outageTolerance.toMillis())
                    .refreshAheadCache(false)
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Bad JWKS URL " + url, e);
        }
    }
}
