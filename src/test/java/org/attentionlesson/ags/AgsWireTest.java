package org.attentionlesson.ags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgsWireTest {
    @Test
    void scoresUrlIsAddedToThePathAndKeepsMoodlesQuery() {
        assertEquals(
                "https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=7",
                AgsService.scoresUrl("https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=7")
                        .toString());
        assertEquals(
                "https://canvas.example/api/lti/courses/1/line_items/5/scores",
                AgsService.scoresUrl("https://canvas.example/api/lti/courses/1/line_items/5/")
                        .toString());
    }

    @Test
    void linkHeaderNextIsFoundWithTypographicQuotesToo() {
        assertEquals(
                Optional.of("https://x/li?page=2"), LinkHeader.next(List.of("<https://x/li?page=2>; rel=\"next\"")));
        assertEquals(
                Optional.of("https://x/li?page=3"),
                LinkHeader.next(
                        List.of("<https://x/li?page=1>; rel=\"first\", <https://x/li?page=3>; rel=\u201Cnext\u201D")));
        assertEquals(Optional.empty(), LinkHeader.next(List.of("<https://x/li?page=1>; rel=\"prev\"")));
    }

    @Test
    void scoreCarriesEveryFieldAndCanvasSubmissionOnResends() {
        Instant t = Instant.parse("2026-03-01T12:34:56.789123Z");
        Map<String, Object> first = new Score("u1", 7, 10, "c", t, t, true, true).body();
        assertEquals("2026-03-01T12:34:56.789Z", first.get("timestamp"));
        assertEquals("Completed", first.get("activityProgress"));
        assertEquals("FullyGraded", first.get("gradingProgress"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) first.get(Score.CANVAS_SUBMISSION);
        assertFalse(ext.containsKey("new_submission"));
        @SuppressWarnings("unchecked")
        Map<String, Object> resend = (Map<String, Object>)
                new Score("u1", 7, 10, "c", t, t, true, false).body().get(Score.CANVAS_SUBMISSION);
        assertEquals(false, resend.get("new_submission"));
        assertTrue(!new Score("u1", 7, 10, null, t, t, false, false).body().containsKey(Score.CANVAS_SUBMISSION));
    }
}
