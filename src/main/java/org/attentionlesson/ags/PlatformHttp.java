package org.attentionlesson.ags;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.outbound.OutboundException;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.outbound.ServiceOrigins;

/**
 * Every outbound call to a platform service (token, AGS, NRPS), through the tool's outbound policy
 * ({@link OutboundHttp}): https only outside dev mode, no loopback or private addresses unless allowed, no
 * redirects, a {@code User-Agent} on each (Canvas refuses calls without one), a connect timeout, a deadline for the
 * whole exchange including the body, and a cap on the reply size. Service URLs that came from a launch go through
 * {@link #send(PlatformRegistration, String, HttpRequest.Builder)}, which calls only the registration's own origins.
 */
public final class PlatformHttp {
    private final OutboundHttp client;
    private final ServiceOrigins origins;

    /** A reply read in full (within the size cap). */
    public record Reply(int status, HttpHeaders headers, String body) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
        public Duration retryAfter() {
            String v = headers.firstValue("Retry-After").orElse(null);
            if (v == null || v.isBlank()) {
                return null;
            }
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                    Duration d = Duration.between(Instant.now(), at);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException ignored) {
                    return null;
                }
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param client  the policy-bound client (timeouts, size cap and User-Agent are its own)
     * @param origins the registrations' declared origins, for service URLs from launches
     */
    public PlatformHttp(OutboundHttp client, ServiceOrigins origins) {
        this.client = client;
        this.origins = origins;
    }

    public String userAgent() {
        return client.userAgent();
    }

    /** Whether a service URL from a launch may be called for this registration (same origin as it declared). */
    public boolean serviceUrlAllowed(PlatformRegistration registration, String url) {
        return origins.allows(registration, url);
    }

    /**
     * Sends a request to a service URL that came from a launch (AGS, NRPS): refused with a permanent
     * {@link AgsException}, and nothing sent, unless its origin is one the registration declared.
     */
    public Reply send(PlatformRegistration registration, String what, HttpRequest.Builder request) throws AgsException {
        HttpRequest built = request.build();
        if (!origins.allows(registration, built.uri().toString())) {
            throw offOrigin(what);
        }
        return send(what, built);
    }

    /** The refusal of a service URL outside the registration's origins (plain words, no URL). */
    public static AgsException offOrigin(String what) {
        return AgsException.permanent(
                0, what + " is not on a site this platform registered; the tool did not call it.");
    }

    /**
     * Sends the request and reads the reply; a network failure, timeout or oversized reply is a retryable
     * {@link AgsException}, an address the policy refuses a permanent one, naming {@code what} was being called.
     */
    public Reply send(String what, HttpRequest.Builder request) throws AgsException {
        return send(what, request.build());
    }

    private Reply send(String what, HttpRequest req) throws AgsException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        req.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        OutboundHttp.Request out = new OutboundHttp.Request(req.method(), req.uri(), headers, body(req));
        try {
            OutboundHttp.Response r = client.exchange(out);
            return new Reply(
                    r.status(),
                    HttpHeaders.of(r.headers(), (a, b) -> true),
                    new String(r.body(), StandardCharsets.UTF_8));
        } catch (OutboundException e) {
            switch (e.kind()) {
                case TIMEOUT:
                    throw AgsException.retryable(
                            what + " did not answer within " + client.timeout().toMillis() + " ms");
                case TOO_LARGE:
                    throw AgsException.retryable(what + " answered more than " + client.maxBytes() + " bytes");
                case BAD_URL:
                case REFUSED_ADDRESS:
                    throw AgsException.permanent(
                            0, what + " is at an address the tool may not call: " + e.getMessage());
                default:
                    throw AgsException.retryable(what + " could not be reached: " + e.getMessage());
            }
        }
    }

    /** The bytes a java.net.http body publisher produces (the request bodies here are small strings). */
    private static byte[] body(HttpRequest req) throws AgsException {
        Optional<HttpRequest.BodyPublisher> publisher = req.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw AgsException.retryable("The request body could not be prepared");
        }
    }
}
