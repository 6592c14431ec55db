package org.attentionlesson.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.web.Json;

/**
 * An emulated AGS platform on its own loopback port (token endpoint, line item container, line items with a
 * Moodle-style {@code ?type_id=} query, scores). It records every accepted score and every request so tests can
 * check fields, counts and duplicates, and it can be told to misbehave.
 */
public final class AgsPlatform implements AutoCloseable {
    public static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
    public static final String LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json";
    public static final String CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json";

    /** A score the platform accepted, with the request's headers. */
    public record Received(
            int lineItem, JsonNode body, String contentType, String userAgent, String query, Instant at) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Instant> stored = new ConcurrentHashMap<>(); // lineItem/user → timestamp
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Map<String, Object>> lineItems = new ConcurrentHashMap<>();
    private final AtomicInteger nextLineItem = new AtomicInteger(100);
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final AtomicInteger scoreRequests = new AtomicInteger();
    public final AtomicInteger conflicts = new AtomicInteger();
    public final AtomicInteger lineItemCreations = new AtomicInteger();
    /** Every score POST that reached the scores endpoint with a user, accepted or not (user → count). */
    private final Map<String, AtomicInteger> scorePosts = new ConcurrentHashMap<>();

    public final List<String> userAgents = Collections.synchronizedList(new ArrayList<>());
    private volatile String toolJwksUrl;
    private volatile JWKSet toolKeys;
    private volatile Instant toolKeysFetchedAt = Instant.EPOCH;
    /**
     * How the platform caches the tool's JWKS. null (default): re-fetch whenever an assertion names an unknown key
     * id. A duration: keep a fetched JWKS that long and refuse unknown key ids meanwhile, as a platform that caches
     * the key set for a fixed time does; only the tool's grace period keeps such a platform working across a rotation.
     */
    public volatile java.time.Duration jwksCacheTtl;

    public final AtomicInteger jwksFetches = new AtomicInteger();
    /** Client assertions refused (bad signature, unknown key, wrong claims). */
    public final AtomicInteger assertionsRefused = new AtomicInteger();
    /** Key ids of the assertions the token endpoint accepted. */
    public final Set<String> assertionKids = ConcurrentHashMap.newKeySet();

    // Misbehaviour switches.
    public volatile Instant unavailableUntil = Instant.EPOCH;
    public final AtomicInteger throttleNext = new AtomicInteger();
    public volatile int retryAfterSeconds = 1;
    public final AtomicInteger refuseTokensNext = new AtomicInteger();
    public volatile long slowMillis;
    public final AtomicInteger slowNext = new AtomicInteger();
    public final Set<String> notStudents = ConcurrentHashMap.newKeySet();
    public volatile int tokenLifetimeSeconds = 3600;

    /** Every request that reached this platform, whatever its path. */
    public final AtomicInteger allRequests = new AtomicInteger();

    private final String host;

    private AgsPlatform(int threads) {
        this(threads, "127.0.0.1");
    }

    private AgsPlatform(int threads, String host) {
        this.host = host;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t =
                    new Thread(r, "ags-platform-" + n.incrementAndGet()); // named: the benchmark splits CPU by thread
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/lineitems", this::lineItems);
        server.start();
        lineItems.put(1, item(1, "Attention lesson", "link-1"));
    }

    public static AgsPlatform start(int threads) {
        return new AgsPlatform(threads);
    }

    /** On another loopback address (e.g. 127.0.0.2): another origin, as a second site would be. */
    public static AgsPlatform startOn(String host, int threads) {
        return new AgsPlatform(threads, host);
    }

    public String baseUrl() {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    public String lineItemsUrl() {
        return baseUrl() + "/lineitems";
    }

    /** A course's own line item container: line items created in it are listed only there (one per course). */
    public String lineItemsUrl(String container) {
        return lineItemsUrl() + "?container=" + container;
    }

    /** The container each line item was created in (those created in the plain container are absent). */
    private final Map<Integer, String> containerOf = new ConcurrentHashMap<>();

    public String lineItemUrl(int id) {
        return baseUrl() + "/lineitems/" + id + "/lineitem?type_id=" + id;
    }

    /** Verify client assertions against this JWKS URL (the tool's); null = accept any well-formed one. */
    public void verifyAssertionsWith(String jwksUrl) {
        this.toolJwksUrl = jwksUrl;
    }

    public List<Received> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    /** How many score POSTs for this user reached the platform (accepted, 409 repeats, refusals). */
    public int postsFor(String userId) {
        AtomicInteger n = scorePosts.get(userId);
        return n == null ? 0 : n.get();
    }

    /** How many scores were accepted so far (no copy: for polling). */
    public int acceptedCount() {
        return accepted.size();
    }

    public List<Received> acceptedFor(String userId) {
        return accepted().stream()
                .filter(r -> r.body().path("userId").asText().equals(userId))
                .toList();
    }

    public int lineItemCount() {
        return lineItems.size();
    }

    public void deleteLineItem(int id) {
        lineItems.remove(id);
    }

    public void reset() {
        accepted.clear();
        stored.clear();
        scorePosts.clear();
        unavailableUntil = Instant.EPOCH;
        throttleNext.set(0);
        refuseTokensNext.set(0);
        slowMillis = 0;
        slowNext.set(0);
    }

    private Map<String, Object> item(int id, String label, String link) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", lineItemUrl(id));
        m.put("label", label);
        m.put("scoreMaximum", 10);
        if (link != null) {
            m.put("resourceLinkId", link);
        }
        return m;
    }

    private void token(HttpExchange ex) throws IOException {
        allRequests.incrementAndGet();
        tokenRequests.incrementAndGet();
        userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> p = new LinkedHashMap<>();
        for (String kv : form.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                p.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(p.get("grant_type"))
                || p.get("client_assertion") == null
                || !"application/x-www-form-urlencoded"
                        .equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
            send(ex, 400, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(p.get("client_assertion"));
            var claims = jwt.getJWTClaimsSet();
            boolean ok = claims.getAudience().equals(List.of(tokenUrl()))
                    && claims.getJWTID() != null
                    && claims.getIssueTime().toInstant().isBefore(Instant.now())
                    && claims.getIssuer().equals(claims.getSubject());
            if (ok && toolJwksUrl != null) {
                RSAKey key = keyFor(jwt.getHeader().getKeyID());
                ok = key != null && jwt.verify(new RSASSAVerifier(key));
            }
            if (!ok) {
                assertionsRefused.incrementAndGet();
                send(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
                return;
            }
            assertionKids.add(String.valueOf(jwt.getHeader().getKeyID()));
        } catch (Exception e) {
            send(ex, 400, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        String token = UUID.randomUUID().toString();
        tokens.add(token);
        send(
                ex,
                200,
                "application/json",
                Json.write(Map.of(
                        "access_token",
                        token,
                        "token_type",
                        "Bearer",
                        "expires_in",
                        tokenLifetimeSeconds,
                        "scope",
                        p.getOrDefault("scope", ""))));
    }

    private synchronized RSAKey keyFor(String kid) throws Exception {
        java.time.Duration ttl = jwksCacheTtl;
        boolean refetch = ttl == null
                ? toolKeys == null || toolKeys.getKeyByKeyId(kid) == null
                : toolKeys == null || Instant.now().isAfter(toolKeysFetchedAt.plus(ttl));
        if (refetch) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(toolJwksUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            toolKeys = JWKSet.parse(r.body());
            toolKeysFetchedAt = Instant.now();
            jwksFetches.incrementAndGet();
        }
        var k = toolKeys.getKeyByKeyId(kid);
        return k == null ? null : k.toRSAKey();
    }

    private void lineItems(HttpExchange ex) throws IOException {
        allRequests.incrementAndGet();
        try {
            handle(ex);
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", e.toString());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        userAgents.add(ua);
        if (slowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || slowMillis > 0) {
            try {
                Thread.sleep(slowMillis > 0 ? slowMillis : 3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Instant.now().isBefore(unavailableUntil)) {
            ex.getRequestBody().readAllBytes();
            send(ex, 503, "text/plain", "down for maintenance");
            return;
        }
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
            send(ex, 429, "text/plain", "slow down");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null
                || !auth.startsWith("Bearer ")
                || !tokens.contains(auth.substring(7))
                || refuseTokensNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (auth != null && auth.startsWith("Bearer ")) {
                tokens.remove(auth.substring(7)); // an "expired" token stays expired
            }
            ex.getRequestBody().readAllBytes();
            send(ex, 401, "application/json", "{\"error\":\"invalid_token\"}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/lineitems") || path.equals("/lineitems/")) {
            if (method.equals("GET")) {
                String q = ex.getRequestURI().getRawQuery();
                String link = q == null ? null : query(q).get("resource_link_id");
                String container = q == null ? null : query(q).get("container");
                // Two items per page, Moodle-style typographic quotes on rel, to exercise paging.
                List<Map<String, Object>> all = new ArrayList<>();
                for (Map.Entry<Integer, Map<String, Object>> e : List.copyOf(lineItems.entrySet())) {
                    Map<String, Object> m = e.getValue();
                    if ((link == null || link.equals(m.get("resourceLinkId")))
                            && java.util.Objects.equals(container, containerOf.get(e.getKey()))) {
                        all.add(m);
                    }
                }
                int offset = q == null ? 0 : Integer.parseInt(query(q).getOrDefault("offset", "0"));
                List<Map<String, Object>> page =
                        all.subList(Math.min(offset, all.size()), Math.min(offset + 2, all.size()));
                if (offset + 2 < all.size()) {
                    ex.getResponseHeaders()
                            .set(
                                    "Link",
                                    "<" + lineItemsUrl() + "?offset=" + (offset + 2)
                                            + (link == null ? "" : "&resource_link_id=" + link)
                                            + (container == null ? "" : "&container=" + container)
                                            + ">; rel=\u201Cnext\u201D");
                }
                send(ex, 200, CONTAINER_TYPE, Json.write(page));
            } else {
                if (!LINEITEM_TYPE.equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                    send(ex, 415, "text/plain", "wrong content type");
                    return;
                }
                JsonNode b = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                lineItemCreations.incrementAndGet();
                int id = nextLineItem.incrementAndGet();
                Map<String, Object> m = item(
                        id, b.path("label").asText(), b.path("resourceLinkId").asText(null));
                m.put("scoreMaximum", b.path("scoreMaximum").asDouble());
                if (b.hasNonNull("resourceId")) {
                    m.put("resourceId", b.get("resourceId").asText());
                }
                String q = ex.getRequestURI().getRawQuery();
                String container = q == null ? null : query(q).get("container");
                if (container != null) {
                    containerOf.put(id, container);
                }
                lineItems.put(id, m);
                send(ex, 201, LINEITEM_TYPE, Json.write(m));
            }
            return;
        }
        String[] parts = path.split("/"); // "", lineitems, {id}, lineitem, scores
        if (parts.length == 5 && parts[3].equals("lineitem") && parts[4].equals("scores") && method.equals("POST")) {
            scoreRequests.incrementAndGet();
            int id = Integer.parseInt(parts[2]);
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!lineItems.containsKey(id)) {
                send(ex, 404, "application/json", "{\"error\":\"line item " + id + " was deleted\"}");
                return;
            }
            if (!SCORE_TYPE.equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                send(ex, 415, "text/plain", "wrong content type");
                return;
            }
            String q = ex.getRequestURI().getRawQuery();
            if (q == null || !q.equals("type_id=" + id)) {
                send(ex, 400, "text/plain", "type_id query lost");
                return;
            }
            JsonNode s = Json.parse(body);
            String user = s.path("userId").asText();
            scorePosts.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
            if (notStudents.contains(user)) {
                send(
                        ex,
                        422,
                        "application/json",
                        "{\"errors\":[{\"message\":\"User " + user + " is not a student\"}]}");
                return;
            }
            Instant ts = Instant.parse(s.path("timestamp").asText());
            String key = id + "/" + user;
            synchronized (stored) {
                Instant old = stored.get(key);
                if (old != null && ts.getEpochSecond() <= old.getEpochSecond()) {
                    conflicts.incrementAndGet();
                    send(ex, 409, "text/plain", "not newer");
                    return;
                }
                stored.put(key, ts);
                accepted.add(
                        new Received(id, s, ex.getRequestHeaders().getFirst("Content-Type"), ua, q, Instant.now()));
            }
            send(ex, 200, "application/json", "");
            return;
        }
        send(ex, 404, "text/plain", "no such resource");
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                out.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /**
     * Warms the emulator itself (its HTTP server, JSON parsing, bookkeeping) with {@code n} score posts sent from
     * {@code threads} plain JDK clients with a token of its own, none through the tool: a benchmark that measures a
     * freshly started tool node then does not charge the node for the emulated platform's own warm-up (a real
     * platform is a warm server elsewhere). The posts are accepted like any other, for users {@code warm-up-…}.
     */
    public void warmUp(int n, int threads) throws InterruptedException {
        String token = UUID.randomUUID().toString();
        tokens.add(token);
        URI scores = URI.create(baseUrl() + "/lineitems/1/lineitem/scores?type_id=1");
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            for (int t = 0; t < threads; t++) {
                senders.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        String body = "{\"userId\":\"warm-up-" + i + "\",\"scoreGiven\":" + (i % 11)
                                + ",\"scoreMaximum\":10,\"comment\":\"Attempt 1: warm-up.\",\"timestamp\":\""
                                + Instant.now() + "\",\"activityProgress\":\"Completed\","
                                + "\"gradingProgress\":\"FullyGraded\"}";
                        try {
                            client.send(
                                    HttpRequest.newBuilder(scores)
                                            .header("Authorization", "Bearer " + token)
                                            .header("Content-Type", SCORE_TYPE)
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
        } finally {
            senders.shutdown();
            senders.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
            tokens.remove(token);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
