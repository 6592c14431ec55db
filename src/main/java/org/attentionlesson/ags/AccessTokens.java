package org.attentionlesson.ags;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.web.Json;

/**
 * Service access tokens by client credentials with a signed assertion (docs/lti.md §4), cached per registration and
 * scope set until shortly before they expire. Callers that ask at the same time share one request: the first
 * starts it, the rest wait for its result.
 */
public final class AccessTokens {
    private final PlatformHttp http;
    private final Supplier<RSAKey> signingKey;
    private final Clock clock;
    private final Duration renewEarly;
    private final ConcurrentHashMap<Key, CompletableFuture<AccessToken>> cache = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private record Key(long registrationId, String tokenUrl, Set<String> scopes) {}

    public AccessTokens(PlatformHttp http, Supplier<RSAKey> signingKey, Clock clock, Duration renewEarly) {
        this.http = http;
        this.signingKey = signingKey;
        this.clock = clock;
        this.renewEarly = renewEarly;
    }

    /** A valid token for these scopes, from the cache or from one shared request to the token endpoint. */
    public AccessToken get(PlatformRegistration registration, Set<String> scopes) throws AgsException {
        if (registration.tokenUrl() == null) {
            throw AgsException.permanent(0, "The platform registration has no token URL; an admin must add it.");
        }
        Key key = new Key(registration.id(), registration.tokenUrl().toString(), Set.copyOf(scopes));
        while (true) {
            CompletableFuture<AccessToken> current = cache.get(key);
            if (current != null && usable(current)) {
                return await(current);
            }
            CompletableFuture<AccessToken> mine = new CompletableFuture<>();
            boolean won = current == null ? cache.putIfAbsent(key, mine) == null : cache.replace(key, current, mine);
            if (!won) {
                continue; // someone else just started a request: wait for theirs
            }
            try {
                mine.complete(fetch(registration, key.scopes()));
            } catch (AgsException | RuntimeException e) {
                cache.remove(key, mine); // never cache a failure
                mine.completeExceptionally(e);
            }
            return await(mine);
        }
    }

    /** Drops {@code token} after the platform refused it (401), unless another caller already replaced it. */
    public void invalidate(PlatformRegistration registration, Set<String> scopes, AccessToken token) {
        Key key = new Key(registration.id(), String.valueOf(registration.tokenUrl()), Set.copyOf(scopes));
        CompletableFuture<AccessToken> current = cache.get(key);
        if (current != null
                && current.isDone()
                && !current.isCompletedExceptionally()
                && current.join().equals(token)) {
            cache.remove(key, current);
        }
    }

    /** How many token requests this node has made (benchmark figure). */
    public long requestCount() {
        return requests.get();
    }

    private boolean usable(CompletableFuture<AccessToken> f) {
        if (!f.isDone()) {
            return true; // in flight: share it
        }
        if (f.isCompletedExceptionally()) {
            return false;
        }
        return clock.instant().isBefore(f.join().renewAt());
    }

    private static AccessToken await(CompletableFuture<AccessToken> f) throws AgsException {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgsException a) {
                throw a;
            }
            throw AgsException.retryable("token request failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw AgsException.retryable("token request still running after 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgsException.retryable("interrupted while waiting for a token");
        }
    }

    private AccessToken fetch(PlatformRegistration registration, Set<String> scopes) throws AgsException {
        requests.incrementAndGet();
        Instant now = clock.instant();
        String assertion = ClientAssertion.sign(registration, signingKey.get(), now);
        String form = "grant_type=client_credentials"
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc(assertion)
                + "&scope=" + enc(String.join(" ", scopes));
        PlatformHttp.Reply reply = http.send(
                "The token endpoint",
                HttpRequest.newBuilder(registration.tokenUrl())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (!reply.ok()) {
            AgsException e = AgsException.fromResponse("The token endpoint", reply);
            // A refused assertion (400/401) can be a clock or key problem that an admin fixes; keep retrying.
            throw e.kind() == AgsException.Kind.RETRYABLE
                    ? e
                    : new AgsException(AgsException.Kind.RETRYABLE, reply.status(), e.getMessage(), null);
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(reply.body());
        } catch (Exception e) {
            throw AgsException.retryable("The token endpoint answered something that is not JSON");
        }
        JsonNode value = body == null ? null : body.get("access_token");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw AgsException.retryable("The token endpoint answered without an access_token");
        }
        String type = body.path("token_type").asText("Bearer");
        if (!type.equalsIgnoreCase("bearer")) {
            throw AgsException.retryable("The token endpoint answered a token of type " + type + ", not Bearer");
        }
        long expiresIn = body.path("expires_in").canConvertToLong()
                ? body.path("expires_in").asLong()
                : 3600;
        if (expiresIn <= 0) {
            expiresIn = 60;
        }
        // Renew a minute early, or a quarter of the lifetime early for short-lived tokens.
        Duration early = renewEarly.compareTo(Duration.ofSeconds(expiresIn / 4)) < 0
                ? renewEarly
                : Duration.ofSeconds(expiresIn / 4);
        Instant expiresAt = now.plusSeconds(expiresIn);
        return new AccessToken(value.asText(), Set.copyOf(scopes), expiresAt, expiresAt.minus(early));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
