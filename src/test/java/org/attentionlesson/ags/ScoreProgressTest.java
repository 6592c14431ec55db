package org.attentionlesson.ags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An attempt's progress as a score post (AGS 2.0 Score service: activityProgress, gradingProgress). */
class ScoreProgressTest {
    private static final Instant T = Instant.parse("2026-03-01T12:34:56.789Z");

    @Test
    void aStartedAttemptIsPostedNotReadyWithoutAScoreToClearTheCell() {
        Map<String, Object> body =
                Score.progress("u1", Score.STARTED, "Attempt 2 started.", T).body();
        assertEquals("Started", body.get("activityProgress"));
        assertEquals("NotReady", body.get("gradingProgress"));
        assertFalse(body.containsKey("scoreGiven"), body.toString());
        assertFalse(body.containsKey("scoreMaximum"), body.toString());
        assertEquals("2026-03-01T12:34:56.789Z", body.get("timestamp"));
        assertEquals("u1", body.get("userId"));
    }

    @Test
    void progressNeverCarriesCanvasSubmissionButACompletedScoreDoes() {
        Score progress = new Score("u1", 0, 0, null, T, T, true, true, Score.IN_PROGRESS, Score.NOT_READY);
        assertFalse(progress.body().containsKey(Score.CANVAS_SUBMISSION), "no submission for work under way");
        Map<String, Object> done = new Score("u1", 7, 10, null, T, T, true, true).body();
        assertEquals("Completed", done.get("activityProgress"));
        assertEquals("FullyGraded", done.get("gradingProgress"));
        assertEquals(7.0, done.get("scoreGiven"));
        assertTrue(done.containsKey(Score.CANVAS_SUBMISSION));
    }
}
