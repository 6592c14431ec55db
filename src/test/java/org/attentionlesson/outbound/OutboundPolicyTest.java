package org.attentionlesson.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy's client against real loopback servers; names resolved by a resolver the test controls. */
class OutboundPolicyTest {
    private HttpServer first;
    private HttpServer second;
    private final AtomicInteger firstHits = new AtomicInteger();
    private final AtomicInteger secondHits = new AtomicInteger();

    static InetAddress[] resolveStrict(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    @BeforeEach
    void start() throws Exception {
        first = server("127.0.0.1", firstHits);
        second = server("127.0.0.2", secondHits);
    }

    @AfterEach
    void stop() {
        first.stop(0);
        second.stop(0);
    }

    private static HttpServer server(String host, AtomicInteger hits) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 10);
        s.createContext("/", ex -> {
            hits.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            if (path.equals("/redirect")) {
                ex.getResponseHeaders()
                        .add(
                                "Location",
                                "http://127.0.0.2:" + ex.getLocalAddress().getPort() + "/x");
                ex.sendResponseHeaders(302, -1);
            } else if (path.equals("/big")) {
                byte[] b = new byte[5000];
                ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
                ex.getResponseBody().write(b);
            } else if (path.equals("/slow")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.sendResponseHeaders(200, -1);
            } else {
                byte[] b = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    private static OutboundHttp client(OutboundPolicy policy) {
        return policy.client(Duration.ofSeconds(2), Duration.ofMillis(1500), 1000, "test", 4);
    }

    private String url(HttpServer s, String host, String path) {
        return "http://" + host + ":" + s.getAddress().getPort() + path;
    }

    @Test
    void loopbackIsRefusedWithoutConnectingWhenPrivateNetworksAreNotAllowed() {
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.strict(), true));
        for (String host : new String[] {"127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "2130706433"}) {
            OutboundException e = assertThrows(
                    OutboundException.class,
                    () -> http.exchange(OutboundHttp.Request.get(URI.create(url(first, host, "/")))),
                    host);
            assertEquals(OutboundException.Kind.REFUSED_ADDRESS, e.kind(), host + ": " + e.getMessage());
        }
        assertEquals(0, firstHits.get());
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.parse("true"), false));
        OutboundException e = assertThrows(
                OutboundException.class,
                () -> http.exchange(OutboundHttp.Request.get(URI.create(url(first, "127.0.0.1", "/")))));
        assertEquals(OutboundException.Kind.BAD_URL, e.kind());
        assertEquals(0, firstHits.get());
        assertFalse(
                new OutboundPolicy(AddressPolicy.parse("true"), false).schemeAllowed(URI.create("http://a.example/")));
        assertTrue(
                new OutboundPolicy(AddressPolicy.parse("true"), false).schemeAllowed(URI.create("https://a.example/")));
        assertFalse(new OutboundPolicy(AddressPolicy.parse("true"), true)
                .schemeAllowed(URI.create("https://u:p@a.example/")));
        assertFalse(
                new OutboundPolicy(AddressPolicy.parse("true"), true).schemeAllowed(URI.create("file:///etc/passwd")));
    }

    @Test
    void aNameIsResolvedOnceCheckedAndConnectedToTheCheckedAddress() throws Exception {
        // DNS rebinding: the first answer passes the check, later answers would not. The connection must use the
        // checked answer and never ask again.
        AtomicInteger lookups = new AtomicInteger();
        DnsResolver rebinding = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {
                    InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")
                };
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.parse("127.0.0.1/32"), true, rebinding));
        OutboundHttp.Response r = http.exchange(OutboundHttp.Request.get(
                URI.create("http://platform.example:" + first.getAddress().getPort() + "/")));
        assertEquals(200, r.status());
        assertEquals(1, firstHits.get());
        assertEquals(1, lookups.get(), "one lookup per connection");
        // A second connection gets the rebinding answer: refused, not connected.
        OutboundHttp fresh = client(new OutboundPolicy(AddressPolicy.parse("127.0.0.1/32"), true, rebinding));
        OutboundException e = assertThrows(
                OutboundException.class,
                () -> fresh.exchange(OutboundHttp.Request.get(URI.create(
                        "http://platform.example:" + second.getAddress().getPort() + "/"))));
        assertEquals(OutboundException.Kind.REFUSED_ADDRESS, e.kind());
        assertEquals(0, secondHits.get());
    }

    @Test
    void aNameWithAnyRefusedAddressIsRefused() {
        DnsResolver mixed = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.1")};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.parse("127.0.0.1/32"), true, mixed));
        OutboundException e = assertThrows(
                OutboundException.class,
                () -> http.exchange(OutboundHttp.Request.get(URI.create(
                        "http://platform.example:" + first.getAddress().getPort() + "/"))));
        assertEquals(OutboundException.Kind.REFUSED_ADDRESS, e.kind());
        assertEquals(0, firstHits.get());
    }

    @Test
    void redirectsAreHandedBackNotFollowed() throws Exception {
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.parse("true"), true));
        OutboundHttp.Response r =
                http.exchange(OutboundHttp.Request.get(URI.create(url(first, "127.0.0.1", "/redirect"))));
        assertEquals(302, r.status());
        assertEquals(0, secondHits.get());
    }

    @Test
    void repliesAreBoundedInSizeAndTime() {
        OutboundHttp http = client(new OutboundPolicy(AddressPolicy.parse("true"), true));
        OutboundException big = assertThrows(
                OutboundException.class,
                () -> http.exchange(OutboundHttp.Request.get(URI.create(url(first, "127.0.0.1", "/big")))));
        assertEquals(OutboundException.Kind.TOO_LARGE, big.kind());
        long t0 = System.nanoTime();
        OutboundException slow = assertThrows(
                OutboundException.class,
                () -> http.exchange(OutboundHttp.Request.get(URI.create(url(first, "127.0.0.1", "/slow")))));
        assertEquals(OutboundException.Kind.TIMEOUT, slow.kind());
        assertTrue(System.nanoTime() - t0 < 2_800_000_000L, "gave up at the deadline");
    }

    @Test
    void theJwksRetrieverGivenToNimbusObeysThePolicy() throws Exception {
        java.net.URL url = URI.create(url(first, "127.0.0.1", "/jwks")).toURL();
        OutboundException e = assertThrows(
                OutboundException.class,
                () -> client(new OutboundPolicy(AddressPolicy.strict(), true))
                        .resourceRetriever()
                        .retrieveResource(url));
        assertEquals(OutboundException.Kind.REFUSED_ADDRESS, e.kind());
        assertEquals(0, firstHits.get());
        assertEquals(
                "{\"ok\":true}",
                client(new OutboundPolicy(AddressPolicy.parse("127.0.0.1/32"), true))
                        .resourceRetriever()
                        .retrieveResource(url)
                        .getContent());
        assertThrows(
                java.io.IOException.class,
                () -> client(new OutboundPolicy(AddressPolicy.parse("true"), true))
                        .resourceRetriever()
                        .retrieveResource(
                                URI.create(url(first, "127.0.0.1", "/redirect")).toURL()),
                "a redirect is not a JWKS");
        assertEquals(0, secondHits.get());
    }

    @Test
    void devModeAllowsLoopbackAndHttpByDefaultProductionDoesNot() throws Exception {
        OutboundPolicy dev = OutboundPolicy.fromSettings(true, "", "");
        assertTrue(dev.allowsHttp());
        assertTrue(dev.addresses().allows(InetAddress.getByName("127.0.0.1")));
        OutboundPolicy prod = OutboundPolicy.fromSettings(false, "", "");
        assertFalse(prod.allowsHttp());
        assertFalse(prod.addresses().allows(InetAddress.getByName("127.0.0.1")));
        OutboundPolicy devStrict = OutboundPolicy.fromSettings(true, "false", "false");
        assertFalse(devStrict.allowsHttp());
        assertFalse(devStrict.addresses().allows(InetAddress.getByName("127.0.0.1")));
    }
}
