package org.attentionlesson.ags;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.outbound.OutboundPolicy;

/**
 * A platform on a loopback port for the AGS client's tests (JDK HTTP server, no mocks): every request is answered by
 * {@link #handler}, and every request is recorded.
 */
final class LoopbackPlatform implements AutoCloseable {
    /** One answer: status, headers (name, value pairs) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** What arrived: method, path with query, headers of interest, body. */
    record Seen(String method, String uri, String authorization, String contentType, String body) {}

    private final HttpServer server;
    private final OutboundPolicy policy = OutboundPolicy.fromSettings(true, null, null);
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    volatile Function<HttpExchange, Answer> handler = ex -> Answer.json(404, "{}");

    LoopbackPlatform() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-platform");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(
                ex.getRequestMethod(),
                ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Content-Type"),
                body));
        Answer a;
        try {
            a = handler.apply(ex);
        } catch (RuntimeException e) {
            a = Answer.json(500, "{}");
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI uri(String path) {
        return URI.create(base() + path);
    }

    /** The client as the tool builds it (outbound policy, timeouts, reply cap), with loopback allowed as in dev mode. */
    PlatformHttp http(Duration timeout, int maxBytes) {
        return new PlatformHttp(
                policy.client(Duration.ofSeconds(2), timeout, maxBytes, "AttentionLessonTest/1", 8), null);
    }

    PlatformHttp http() {
        return http(Duration.ofSeconds(5), 1 << 16);
    }

    PlatformRegistration registration(long id) {
        return new PlatformRegistration(
                id,
                "https://lms.example",
                "client-" + id,
                "LMS",
                null,
                null,
                uri("/token"),
                null,
                "moodle",
                PlatformRegistration.Status.ACTIVE);
    }

    /** Requests whose path starts with {@code prefix}. */
    long count(String prefix) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.uri().startsWith(prefix)).count();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        policy.close();
    }
}
