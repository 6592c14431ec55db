package org.attentionlesson.ags;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every outbound call to a platform service: a {@code User-Agent} on each (Canvas refuses calls without one), a
 * connect timeout, a deadline for the whole exchange including the body, and a cap on the reply size, so a slow
 * or oversized answer can never stall or exhaust the worker.
 */
public final class PlatformHttp {
    private final HttpClient client;
    private final Duration timeout;
    private final int maxReplyBytes;
    private final String userAgent;

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
                    Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
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

    public PlatformHttp(Duration connectTimeout, Duration timeout, int maxReplyBytes, String userAgent) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                // Replies are parsed on the selector thread instead of being handed to a pool thread and back: less than
                // half the CPU per call. Safe because nothing here blocks: bodies go to LimitedBody, and callers wait on
                // their own threads.
                .executor(Runnable::run)
                .build();
        this.timeout = timeout;
        this.maxReplyBytes = maxReplyBytes;
        this.userAgent = userAgent;
    }

    public String userAgent() {
        return userAgent;
    }

    /**
     * Sends the request and reads the reply; a network failure, timeout or oversized reply is a retryable
     * {@link AgsException} naming {@code what} was being called.
     */
    public Reply send(String what, HttpRequest.Builder request) throws AgsException {
        HttpRequest req = request.header("User-Agent", userAgent).timeout(timeout).build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(req, info -> new LimitedBody(maxReplyBytes));
        try {
            HttpResponse<byte[]> r = future.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
            return new Reply(r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw AgsException.retryable(what + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw AgsException.retryable(what + ": interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                throw AgsException.retryable(what + " did not answer within " + timeout.toMillis() + " ms");
            }
            throw AgsException.retryable(what + " could not be reached: " + (c == null ? e : c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " " + c.getMessage())));
        }
    }

    /** Collects the body up to a limit; more than that fails the exchange instead of filling memory. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("reply larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
