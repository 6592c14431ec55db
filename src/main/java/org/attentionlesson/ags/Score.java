package org.attentionlesson.ags;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A score publish (AGS 2.0 §3.4). An auto-scored exercise always sends {@code Completed} and {@code FullyGraded}
 * with both scores: both LMSs clear the grade otherwise. {@code timestamp} is fixed per outbox row, so every retry
 * of the row carries the same one and the platform can recognise a repeat.
 *
 * @param canvas         add Canvas's submission extension (docs/lti.md §11)
 * @param newSubmission  false on retries and regrades, so Canvas does not count another submission attempt
 */
public record Score(String userId, double scoreGiven, double scoreMaximum, String comment, Instant timestamp,
        Instant submittedAt, boolean canvas, boolean newSubmission) {
    public static final String ACTIVITY_PROGRESS = "Completed";
    public static final String GRADING_PROGRESS = "FullyGraded";
    public static final String CANVAS_SUBMISSION = "https://canvas.instructure.com/lti/submission";

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** ISO 8601 in UTC with milliseconds, e.g. {@code 2026-03-01T12:34:56.789Z}. */
    public static String iso(Instant t) {
        return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        m.put("scoreGiven", scoreGiven);
        m.put("scoreMaximum", scoreMaximum);
        if (comment != null) {
            m.put("comment", comment);
        }
        m.put("timestamp", iso(timestamp));
        m.put("activityProgress", ACTIVITY_PROGRESS);
        m.put("gradingProgress", GRADING_PROGRESS);
        if (canvas) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("submitted_at", iso(submittedAt));
            if (!newSubmission) {
                ext.put("new_submission", false);
            }
            m.put(CANVAS_SUBMISSION, ext);
        }
        return m;
    }
}
