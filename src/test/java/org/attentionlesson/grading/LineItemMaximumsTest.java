package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.ags.AgsScope;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.PlatformHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gradebook column's maximum is read from a real HTTP line item endpoint, cached, and used to scale. */
class LineItemMaximumsTest {
    private HttpServer server;
    private String base;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile int status = 200;
    private LineItemMaximums maximums;
    private final AccessToken token = new AccessToken(
            "t", Set.of(), Instant.now().plusSeconds(600), Instant.now().plusSeconds(300));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/lineitems/7/lineitem", ex -> {
            reads.incrementAndGet();
            byte[] b = ("{\"id\":\"" + base
                            + "/lineitems/7/lineitem?type_id=7\",\"label\":\"Quiz\",\"scoreMaximum\":10}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", AgsScope.LINEITEM_TYPE);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        PlatformHttp http = new PlatformHttp(
                org.attentionlesson.outbound.OutboundPolicy.fromSettings(true, null, null)
                        .client(Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 16, "test", 8),
                null);
        maximums = new LineItemMaximums(new AgsService(http), Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theColumnMaximumIsReadOnceAndScoresAreScaledToIt() throws AgsException {
        String url = base + "/lineitems/7/lineitem?type_id=7";
        assertEquals(10.0, maximums.maximum(url, token, Set.of(AgsScope.LINEITEM_READONLY, AgsScope.SCORE)));
        assertEquals(10.0, maximums.maximum(url, token, Set.of(AgsScope.LINEITEM)));
        assertEquals(1, reads.get(), "cached");
        assertEquals(8.3333, LineItemMaximums.scale(15, 18, 10), 1e-9);
        assertEquals(10, LineItemMaximums.scale(18, 18, 10), 1e-9);
    }

    @Test
    void withoutALineItemScopeOrWhenRefusedTheScoreKeepsTheToolsScale() throws AgsException {
        String url = base + "/lineitems/7/lineitem?type_id=7";
        assertNull(maximums.maximum(url, token, Set.of(AgsScope.SCORE)));
        assertEquals(0, reads.get(), "no read without a scope that allows it");
        status = 403;
        assertNull(maximums.maximum(url, token, Set.of(AgsScope.LINEITEM_READONLY)));
    }

    @Test
    void aFailedReadIsNotCachedAndTheNextScoreReadsAgain() throws AgsException {
        status = 503;
        String url = base + "/lineitems/7/lineitem?type_id=7";
        assertNull(maximums.maximum(url, token, Set.of(AgsScope.LINEITEM_READONLY)));
        status = 200;
        assertEquals(10.0, maximums.maximum(url, token, Set.of(AgsScope.LINEITEM_READONLY)));
        assertEquals(2, reads.get());
    }
}
