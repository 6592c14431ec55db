package org.attentionlesson.ags;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A score publish (AGS 2.0 §3.4, https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service). A submitted
 * attempt sends {@code Completed} and {@code FullyGraded} with both scores: both LMSs clear the grade otherwise. An
 * attempt under way ({@link #progress}) sends {@code Started} or {@code InProgress} with {@code NotReady} and no
 * score. {@code timestamp} is fixed per outbox row, so every retry of the row carries the same one and the platform
 * can recognise a repeat.
 *
 * @param canvas           add Canvas's submission extension (docs/lti.md §11)
 * @param newSubmission    false on retries and regrades, so Canvas does not count another submission attempt
 * @param activityProgress AGS activityProgress: Started, InProgress, Submitted or Completed
 * @param gradingProgress  AGS gradingProgress: FullyGraded, Pending, PendingManual, Failed or NotReady; with
 *                         anything but FullyGraded no score is sent
 */
public record Score(
        String userId,
        double scoreGiven,
        double scoreMaximum,
        String comment,
        Instant timestamp,
        Instant submittedAt,
        boolean canvas,
        boolean newSubmission,
        String activityProgress,
        String gradingProgress) {
    public static final String ACTIVITY_PROGRESS = "Completed";
    public static final String GRADING_PROGRESS = "FullyGraded";
    public static final String STARTED = "Started";
    public static final String IN_PROGRESS = "InProgress";
    public static final String NOT_READY = "NotReady";

    /** A submitted, auto-scored attempt: Completed and FullyGraded. */
    public Score(
            String userId,
            double scoreGiven,
            double scoreMaximum,
            String comment,
            Instant timestamp,
            Instant submittedAt,
            boolean canvas,
            boolean newSubmission) {
        this(
                userId,
                scoreGiven,
                scoreMaximum,
                comment,
                timestamp,
                submittedAt,
                canvas,
                newSubmission,
                ACTIVITY_PROGRESS,
                GRADING_PROGRESS);
    }

    /** An attempt under way: {@code activityProgress} Started or InProgress, NotReady, no score (nothing to clear). */
    public static Score progress(String userId, String activityProgress, String comment, Instant timestamp) {
        return new Score(userId, 0, 0, comment, timestamp, timestamp, false, false, activityProgress, NOT_READY);
    }

    /** Whether the post carries a score (FullyGraded) rather than only progress. */
    public boolean graded() {
        return GRADING_PROGRESS.equals(gradingProgress);
    }

    public static final String CANVAS_SUBMISSION = "https://canvas.instructure.com/lti/submission";

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** ISO 8601 in UTC with milliseconds, e.g. {@code 2026-03-01T12:34:56.789Z}. */
    public static String iso(Instant t) {
        return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        if (graded()) {
            m.put("scoreGiven", scoreGiven);
            m.put("scoreMaximum", scoreMaximum);
        }
        if (comment != null) {
            m.put("comment", comment);
        }
        m.put("timestamp", iso(timestamp));
        m.put("activityProgress", activityProgress);
        m.put("gradingProgress", gradingProgress);
        if (canvas && graded()) {
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
