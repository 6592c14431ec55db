package org.attentionlesson.ags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AGS calls against a platform on loopback: line item paging (Link rel=next, bounded), and how every kind of
 * failure maps to the outcome the outbox acts on (docs/lti.md §5).
 */
class AgsServiceTest {
    private final LoopbackPlatform platform = new LoopbackPlatform();
    private final AgsService ags = new AgsService(platform.http());
    private final AccessToken token = new AccessToken(
            "secret-token",
            Set.of(AgsScope.SCORE),
            Instant.now().plusSeconds(600),
            Instant.now().plusSeconds(500));
    private final Score score = new Score(
            "learner-1",
            7,
            10,
            "c",
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T09:59:00Z"),
            false,
            true);

    @AfterEach
    void close() {
        platform.close();
    }

    private static String item(String base, int n, String linkId) {
        return "{\"id\":\"" + base + "/lineitems/" + n + "\",\"label\":\"L" + n + "\",\"scoreMaximum\":10"
                + (linkId == null ? "" : ",\"resourceLinkId\":\"" + linkId + "\"") + "}";
    }

    private String page(int n) {
        return platform.base() + "/lineitems?resource_link_id=link-9&page=" + n;
    }

    private LoopbackPlatform.Answer paged(int n, String items, String next) {
        return new LoopbackPlatform.Answer(
                200, next == null ? Map.of() : Map.of("Link", "<" + next + ">; rel=\"next\""), "[" + items + "]");
    }

    private AgsException publishFails(LoopbackPlatform.Answer answer) {
        platform.handler = ex -> answer;
        return assertThrows(AgsException.class, () -> ags.publish(platform.base() + "/lineitems/1", token, score));
    }

    @Test
    void findFollowsNextLinksToTheItemOfThisResourceLink() throws AgsException {
        platform.handler = ex -> {
            String q = ex.getRequestURI().getQuery();
            int n = q.contains("page=") ? Integer.parseInt(q.substring(q.indexOf("page=") + 5)) : 1;
            return n < 3
                    ? paged(n, item(platform.base(), n, "other-" + n), page(n + 1))
                    : paged(n, item(platform.base(), 30, null) + "," + item(platform.base(), 31, "link-9"), null);
        };
        Optional<LineItem> found =
                ags.find(platform.base() + "/lineitems", token, "link-9", "attention:link-9", "score");

        assertEquals(platform.base() + "/lineitems/31", found.orElseThrow().id());
        assertEquals(3, platform.count("/lineitems"));
        assertEquals("/lineitems?resource_link_id=link-9", platform.seen.get(0).uri());
        assertEquals("Bearer secret-token", platform.seen.get(0).authorization());
    }

    @Test
    void withoutAResourceLinkMatchFindFallsBackToResourceIdAndTag() throws AgsException {
        platform.handler = ex -> paged(
                1,
                "{\"id\":\"" + platform.base() + "/lineitems/5\",\"label\":\"x\",\"scoreMaximum\":1,"
                        + "\"resourceId\":\"attention:link-9\",\"tag\":\"score\"}",
                null);
        assertEquals(
                platform.base() + "/lineitems/5",
                ags.find(platform.base() + "/lineitems", token, "link-9", "attention:link-9", "score")
                        .orElseThrow()
                        .id());
        assertTrue(ags.find(platform.base() + "/lineitems", token, "link-9", "attention:link-9", "other")
                .isEmpty());
    }

    @Test
    void aPlatformWhoseNextLinkNeverEndsIsReadForFiftyPagesAtMost() throws AgsException {
        platform.handler = ex -> {
            String q = ex.getRequestURI().getQuery();
            int n = q.contains("page=") ? Integer.parseInt(q.substring(q.indexOf("page=") + 5)) : 1;
            return paged(n, item(platform.base(), n, "other"), page(n + 1));
        };
        assertTrue(ags.find(platform.base() + "/lineitems", token, "link-9", null, null)
                .isEmpty());
        assertEquals(50, platform.count("/lineitems"));
    }

    @Test
    void aNextLinkBackToAPageAlreadyReadEndsTheWalk() throws AgsException {
        platform.handler = ex -> ex.getRequestURI().getQuery().contains("page=2")
                ? paged(2, "", platform.base() + "/lineitems?resource_link_id=link-9")
                : paged(1, "", page(2));
        assertTrue(ags.find(platform.base() + "/lineitems", token, "link-9", null, null)
                .isEmpty());
        assertEquals(2, platform.count("/lineitems"));
    }

    @Test
    void aNextLinkToAnotherSiteIsNeverFollowed() {
        platform.handler = ex -> paged(1, "", "https://elsewhere.example/lineitems?page=2");
        AgsException e = assertThrows(
                AgsException.class, () -> ags.find(platform.base() + "/lineitems", token, "link-9", null, null));
        assertEquals(AgsException.Kind.PERMANENT, e.kind());
        assertEquals(1, platform.count("/lineitems"));
    }

    @Test
    void aScoreIsPostedToTheScoresEndpointWithItsTypeAndToken() throws AgsException {
        platform.handler = ex -> LoopbackPlatform.Answer.json(204, "");
        assertEquals(204, ags.publish(platform.base() + "/lineitems/1?type_id=1", token, score));
        LoopbackPlatform.Seen s = platform.seen.get(0);
        assertEquals("POST /lineitems/1/scores?type_id=1", s.method() + " " + s.uri());
        assertEquals(AgsScope.SCORE_TYPE, s.contentType());
        assertEquals("Bearer secret-token", s.authorization());
        assertTrue(s.body().contains("\"userId\":\"learner-1\"") && s.body().contains("\"scoreGiven\":7"), s.body());
    }

    @Test
    void aConflictMeansThePlatformAlreadyHasThisOrANewerScore() throws AgsException {
        platform.handler = ex -> LoopbackPlatform.Answer.json(409, "{}");
        assertEquals(409, ags.publish(platform.base() + "/lineitems/1", token, score));
    }

    @Test
    void unauthorisedAsksForANewToken() {
        AgsException e = publishFails(LoopbackPlatform.Answer.json(401, "{\"error\":\"expired\"}"));
        assertEquals(AgsException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(401, e.httpStatus());
    }

    @Test
    void forbiddenNotFoundAndUnprocessableAreFinalWithPlainWordsAndThePlatformTextKeptApart() {
        for (int status : new int[] {403, 404, 422, 400}) {
            AgsException e = publishFails(LoopbackPlatform.Answer.json(status, "{\"reason\":\"<b>learner gone</b>\"}"));
            assertEquals(AgsException.Kind.PERMANENT, e.kind(), "HTTP " + status);
            assertEquals(status, e.httpStatus());
            assertTrue(e.getMessage().startsWith("The scores endpoint answered HTTP " + status), e.getMessage());
            assertFalse(e.getMessage().contains("learner gone"), "the platform's text is never in the reason");
            assertTrue(e.platformText().contains("learner gone"));
        }
        assertTrue(
                publishFails(LoopbackPlatform.Answer.json(403, "")).getMessage().contains("forbidden"));
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanRetryAfter() {
        AgsException e = publishFails(new LoopbackPlatform.Answer(429, Map.of("Retry-After", "7"), "{}"));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(120).atZone(ZoneOffset.UTC));
        Duration d = publishFails(new LoopbackPlatform.Answer(503, Map.of("Retry-After", date), "{}"))
                .retryAfter();
        assertTrue(d.getSeconds() > 100 && d.getSeconds() <= 120, "an HTTP date is read too: " + d);
    }

    @Test
    void serverErrorsAndRequestTimeoutsAreRetried() {
        for (int status : new int[] {500, 502, 503, 504, 408}) {
            AgsException e = publishFails(LoopbackPlatform.Answer.json(status, "{}"));
            assertEquals(AgsException.Kind.RETRYABLE, e.kind(), "HTTP " + status);
            assertEquals(status, e.httpStatus());
        }
    }

    @Test
    void aPlatformThatDoesNotAnswerInTimeIsRetriedLater() {
        AgsService impatient = new AgsService(platform.http(Duration.ofMillis(300), 1 << 16));
        platform.handler = ex -> {
            LoopbackPlatform.pause(1500);
            return LoopbackPlatform.Answer.json(200, "{}");
        };
        AgsException e = assertThrows(
                AgsException.class, () -> impatient.publish(platform.base() + "/lineitems/1", token, score));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertEquals(0, e.httpStatus());
        assertTrue(e.getMessage().contains("did not answer within 300 ms"), e.getMessage());
    }

    @Test
    void anOversizedReplyIsNotReadAndRetriedLater() {
        AgsService capped = new AgsService(platform.http(Duration.ofSeconds(5), 1024));
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "{\"id\":\"" + "x".repeat(5000) + "\"}");
        AgsException e = assertThrows(AgsException.class, () -> capped.get(platform.base() + "/lineitems/1", token));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("more than 1024 bytes"), e.getMessage());
    }

    @Test
    void garbageInsteadOfALineItemIsRetriedLater() {
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "<html>maintenance</html>");
        AgsException e = assertThrows(AgsException.class, () -> ags.get(platform.base() + "/lineitems/1", token));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void aPlatformThatCannotBeReachedIsRetriedLater() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AgsException e = assertThrows(
                AgsException.class, () -> ags.publish("http://127.0.0.1:" + port + "/lineitems/1", token, score));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
    }
}
