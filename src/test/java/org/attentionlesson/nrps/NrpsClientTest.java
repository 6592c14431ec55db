package org.attentionlesson.nrps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.PlatformHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NRPS client against a real HTTP server on loopback that plays the platform's membership endpoint. */
class NrpsClientTest {
    private HttpServer server;
    private String base;
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();

    /** One answer of the fake platform: status, Link header (or null) and body. */
    record Page(int status, String link, String body) {}

    private void serve(Function<HttpExchange, Page> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/memberships", ex -> {
            requested.add(ex.getRequestURI().toString());
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization") + " "
                    + ex.getRequestHeaders().getFirst("Accept"));
            Page p = handler.apply(ex);
            byte[] body = p.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", NrpsClient.CONTAINER_TYPE);
            if (p.link() != null) {
                ex.getResponseHeaders().set("Link", p.link());
            }
            ex.sendResponseHeaders(p.status(), body.length == 0 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Roster fetch(NrpsClient.Limits limits) {
        PlatformHttp http = new PlatformHttp(
                org.attentionlesson.outbound.OutboundPolicy.fromSettings(true, null, null)
                        .client(Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20, "test", 8),
                null);
        NrpsClient client = new NrpsClient(http, Clock.systemUTC(), limits);
        return client.fetch(
                new NrpsClient.Query(
                        base + "/memberships?course=7",
                        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
                        "link-1"),
                new NrpsClient.TokenSource() {
                    @Override
                    public AccessToken get() {
                        return new AccessToken(
                                "tok" + issued.incrementAndGet(),
                                Set.of(NrpsClient.SCOPE),
                                Instant.now().plusSeconds(60),
                                Instant.now().plusSeconds(30));
                    }

                    @Override
                    public void refused(AccessToken token) {
                        refused.incrementAndGet();
                    }
                });
    }

    private static String members(int from, int to) {
        StringBuilder sb = new StringBuilder("{\"id\":\"x\",\"context\":{\"id\":\"c\"},\"members\":[");
        for (int i = from; i < to; i++) {
            sb.append(i == from ? "" : ",")
                    .append("{\"user_id\":\"u")
                    .append(i)
                    .append("\",\"name\":\"Student ")
                    .append(i)
                    .append("\",\"roles\":[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"]}");
        }
        return sb.append("]}").toString();
    }

    private static int page(HttpExchange ex) {
        String q = ex.getRequestURI().getQuery();
        int i = q.indexOf("page=");
        return i < 0 ? 1 : Integer.parseInt(q.substring(i + 5).split("&")[0]);
    }

    @Test
    void everyPageIsFollowedWithTheFiltersTheScopeTokenAndTheContainerType() throws IOException {
        serve(ex -> {
            int p = page(ex);
            String next = p < 3 ? "<" + base + "/memberships?course=7&page=" + (p + 1) + ">; rel=\"next\"" : null;
            return new Page(200, next, members((p - 1) * 10, p * 10));
        });
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 10));
        assertNull(r.problem());
        assertEquals(30, r.members().size());
        assertEquals(3, r.pages());
        assertEquals("u0", r.members().get(0).userId());
        assertEquals("Student 29", r.members().get(29).displayName());
        assertTrue(
                requested
                        .get(0)
                        .contains("role=http%3A%2F%2Fpurl.imsglobal.org%2Fvocab%2Flis%2Fv2%2Fmembership%23Learner"),
                requested.get(0));
        assertTrue(requested.get(0).contains("rlid=link-1") && requested.get(0).contains("limit=10"), requested.get(0));
        assertEquals("Bearer tok1 " + NrpsClient.CONTAINER_TYPE, authorizations.get(0));
    }

    @Test
    void aNextLinkPointingBackStopsWithALoopNoticeAndKeepsWhatWasRead() throws IOException {
        serve(ex -> new Page(
                200,
                "<" + base + "/memberships?course=7&page=1>; rel=\"next\"",
                members((page(ex) - 1) * 5, page(ex) * 5)));
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 5));
        assertEquals("NRPS_LOOP", r.problem().code());
        assertEquals(5, r.members().size()); // the first URL (with limit) and page=1 differ; page=1 then repeats
        assertEquals(2, requested.size());
    }

    @Test
    void moreMembersThanTheBoundStopsWithANoticeAndTheFirstMembers() throws IOException {
        serve(ex -> new Page(
                200,
                "<" + base + "/memberships?course=7&page=" + (page(ex) + 1) + ">; rel=\"next\"",
                members((page(ex) - 1) * 10, page(ex) * 10)));
        Roster r = fetch(new NrpsClient.Limits(25, 100, 10));
        assertEquals("NRPS_TOO_MANY_MEMBERS", r.problem().code());
        assertEquals(25, r.members().size());
        assertEquals(3, requested.size());
    }

    @Test
    void morePagesThanTheBoundStopsWithANotice() throws IOException {
        serve(ex -> new Page(
                200,
                "<" + base + "/memberships?course=7&page=" + (page(ex) + 1) + ">; rel=\"next\"",
                members(page(ex), page(ex) + 1)));
        Roster r = fetch(new NrpsClient.Limits(10_000, 4, 1));
        assertEquals("NRPS_TOO_MANY_PAGES", r.problem().code());
        assertEquals(4, requested.size());
        assertEquals(4, r.members().size());
    }

    @Test
    void aPageThatIsNotAMembershipContainerStopsWithAMalformedNotice() throws IOException {
        serve(ex -> page(ex) == 1
                ? new Page(200, "<" + base + "/memberships?course=7&page=2>; rel=\"next\"", members(0, 3))
                : new Page(200, null, "<html>oops</html>"));
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 3));
        assertEquals("NRPS_MALFORMED", r.problem().code());
        assertEquals(3, r.members().size());

        stop();
        requested.clear();
        serve(ex -> new Page(200, null, "{\"members\":{\"user_id\":\"u1\"}}"));
        assertEquals(
                "NRPS_MALFORMED",
                fetch(new NrpsClient.Limits(1000, 20, 3)).problem().code());
    }

    @Test
    void entriesWithoutIdsAreSkippedAndHostileOrHugeNamesAreKeptShortAndAsText() throws IOException {
        String huge = "=HYPERLINK(1)<b>" + "a".repeat(10_000);
        serve(ex -> new Page(
                200,
                null,
                "{\"members\":[{\"name\":\"no id\"},{\"user_id\":\"\"},"
                        + "{\"user_id\":\"u1\",\"name\":\"" + huge
                        + "\",\"roles\":[]},{\"user_id\":\"u2\",\"roles\":[],"
                        + "\"status\":\"Deleted\"},{\"user_id\":\"u3\",\"roles\":[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor\"]},"
                        + "{\"user_id\":\"u1\",\"name\":\"duplicate\"}, 42]}"));
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 0));
        assertNull(r.problem());
        assertEquals(
                List.of("u1", "u2", "u3"),
                r.members().stream().map(Member::userId).toList());
        assertEquals(NrpsClient.MAX_FIELD, r.members().get(0).name().length());
        assertTrue(r.members().get(0).name().startsWith("=HYPERLINK"));
        assertTrue(r.members().get(0).isStudent());
        assertTrue(!r.members().get(1).isStudent() && !r.members().get(2).isStudent());
        assertNull(r.members().get(1).displayName());
    }

    @Test
    void aRefusedTokenIsDroppedAndAskedForOnceMoreThenTheFailureIsANotice() throws IOException {
        serve(ex -> ex.getRequestHeaders().getFirst("Authorization").equals("Bearer tok1")
                ? new Page(401, null, "")
                : new Page(200, null, members(0, 2)));
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 0));
        assertNull(r.problem());
        assertEquals(2, r.members().size());
        assertEquals(1, refused.get());

        stop();
        serve(ex -> new Page(503, null, "down"));
        Roster down = fetch(new NrpsClient.Limits(1000, 20, 0));
        assertEquals("NRPS_REFUSED", down.problem().code());
        assertTrue(down.members().isEmpty());
    }

    @Test
    void aNextLinkToAnotherSiteIsNotFollowed() throws IOException {
        serve(ex -> new Page(200, "<http://attacker.example/steal>; rel=\"next\"", members(0, 2)));
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 0));
        assertEquals("NRPS_NEXT_OFF_SITE", r.problem().code());
        assertEquals(1, requested.size());
    }

    @Test
    void aPlatformThatDoesNotAnswerInTimeIsANoticeNotAnError() throws IOException {
        serve(ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Page(200, null, members(0, 1));
        });
        Roster r = fetch(new NrpsClient.Limits(1000, 20, 0));
        assertEquals("NRPS_UNAVAILABLE", r.problem().code());
    }

    @Test
    void aMembershipsUrlOffTheRegistrationsOriginsIsNeverCalled() throws Exception {
        serve(ex -> new Page(200, null, members(0, 3)));
        try (org.attentionlesson.store.Database db = new org.attentionlesson.store.Database(
                "jdbc:h2:mem:nrps-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            org.attentionlesson.lti.Registrations regs =
                    new org.attentionlesson.lti.Registrations(db, Clock.systemUTC());
            org.attentionlesson.lti.PlatformRegistration lms = regs.upsert(
                    "https://lms.example",
                    "c1",
                    "LMS",
                    java.net.URI.create("https://lms.example/auth"),
                    java.net.URI.create("https://lms.example/jwks"),
                    java.net.URI.create("https://lms.example/token"),
                    null,
                    null,
                    org.attentionlesson.lti.PlatformRegistration.Status.ACTIVE);
            PlatformHttp http = new PlatformHttp(
                    org.attentionlesson.outbound.OutboundPolicy.fromSettings(true, null, null)
                            .client(Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20, "test", 8),
                    new org.attentionlesson.outbound.ServiceOrigins(
                            Clock.systemUTC(), org.attentionlesson.outbound.DeclaredAddresses.NONE));
            NrpsClient client = new NrpsClient(http, Clock.systemUTC(), new NrpsClient.Limits(100, 10, 50));
            Roster r = client.fetch(
                    new NrpsClient.Query(
                            base + "/memberships?course=7",
                            "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
                            null,
                            lms),
                    new NrpsClient.TokenSource() {
                        @Override
                        public AccessToken get() {
                            return new AccessToken(
                                    "tok",
                                    Set.of(NrpsClient.SCOPE),
                                    Instant.now().plusSeconds(60),
                                    Instant.now().plusSeconds(30));
                        }

                        @Override
                        public void refused(AccessToken token) {}
                    });
            assertEquals("NRPS_UNAVAILABLE", r.problem().code(), String.valueOf(r.problem()));
            assertTrue(requested.isEmpty(), "a launch's NRPS URL on another site is not called: " + requested);
        }
    }
}
