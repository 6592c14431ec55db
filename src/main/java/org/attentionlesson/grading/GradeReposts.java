package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.store.Database;

/**
 * Posts an activity's grades again through the outbox: after the instructor changes the grade policy (only the
 * grades that change), or on "resend grades" (every student's). Each student's grade is computed from their
 * submitted attempts under the policy, and queued as a regrade row carrying the grade services of their latest
 * score row, with a timestamp a whole second after that row's (AGS 2.0 §3.4: a platform keeps the newest).
 */
public final class GradeReposts {
    private static final int MAX_STUDENTS = 100_000;

    private final Database db;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final AttemptScores scores;

    /** {@code scores}: the learners' submitted attempts, as the lesson publishes them. */
    public GradeReposts(Database db, Clock clock, Duration giveUpAfter, AttemptScores scores) {
        this.db = db;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.scores = scores;
    }

    record Grade(int attemptNumber, double given, double maximum, Instant submittedAt) {}

    /**
     * Queues the policy's grade of every student with submitted attempts at the link; with {@code onlyChanged},
     * only where it differs from the score last sent or waiting. Returns how many rows were queued. Only the link in
     * that deployment: link ids are unique only within a deployment (LTI Core 1.3 §5.3.5).
     */
    public int repost(
            long registrationId, long deploymentRowId, String resourceLinkId, GradePolicy policy, boolean onlyChanged) {
        return db.inTransaction(c -> {
            Map<String, Grade> grades = grades(c, registrationId, deploymentRowId, resourceLinkId, policy);
            Instant now = clock.instant();
            int queued = 0;
            for (Map.Entry<String, Grade> g : grades.entrySet()) {
                queued += queue(
                                c,
                                registrationId,
                                deploymentRowId,
                                resourceLinkId,
                                g.getKey(),
                                g.getValue(),
                                onlyChanged,
                                now)
                        ? 1
                        : 0;
            }
            return queued;
        });
    }

    /** The mean share of the learner's submitted attempts, on a scale of {@code maximum} (0 when there are none). */
    static double average(List<AttemptScores.Submitted> attempts, double maximum) {
        double sum = 0;
        int n = 0;
        for (AttemptScores.Submitted a : attempts) {
            if (a.scoreMaximum() > 0) {
                sum += a.scoreGiven() / a.scoreMaximum();
                n++;
            }
        }
        return n == 0 ? 0 : Math.round(sum / n * maximum * 10_000d) / 10_000d;
    }

    private Map<String, Grade> grades(Connection c, long reg, long deployment, String link, GradePolicy policy)
            throws SQLException {
        Map<String, List<Grade>> attempts = new LinkedHashMap<>();
        for (AttemptScores.Submitted a : scores.atLink(c, reg, deployment, link, MAX_STUDENTS * 10)) {
            attempts.computeIfAbsent(a.learnerKey(), k -> new ArrayList<>())
                    .add(new Grade(a.attemptNumber(), a.scoreGiven(), a.scoreMaximum(), a.submittedAt()));
        }
        Map<String, Grade> out = new LinkedHashMap<>();
        attempts.forEach((learner, list) -> out.put(learner, pick(list, policy)));
        return out;
    }

    static Grade pick(List<Grade> list, GradePolicy policy) {
        Grade last = list.get(list.size() - 1);
        return switch (policy) {
            case FIRST -> list.get(0);
            case LATEST -> last;
            case BEST ->
                list.stream()
                        .reduce((a, b) -> b.given() / b.maximum() > a.given() / a.maximum() ? b : a)
                        .orElse(last);
            case AVERAGE ->
                new Grade(
                        last.attemptNumber(),
                        Math.round(list.stream()
                                                .mapToDouble(g -> g.given() / g.maximum())
                                                .average()
                                                .orElse(0)
                                        * last.maximum()
                                        * 10_000d)
                                / 10_000d,
                        last.maximum(),
                        last.submittedAt());
        };
    }

    private boolean queue(
            Connection c,
            long reg,
            long deployment,
            String link,
            String subject,
            Grade grade,
            boolean onlyChanged,
            Instant now)
            throws SQLException {
        // The latest row of this student at the link: where the grade services are, and what was sent last.
        GradeRepostStore.History h = GradeRepostStore.history(c, reg, deployment, subject, link);
        if (h.services() == null) {
            return false; // never sent through grade services: nothing to correct in a gradebook
        }
        if (onlyChanged && h.current() != null && Math.abs(h.current() - grade.given() / grade.maximum()) < 1e-9) {
            return false;
        }
        Instant timestamp = now.truncatedTo(ChronoUnit.MILLIS);
        if (h.lastTimestamp() != null && timestamp.isBefore(h.lastTimestamp().plusSeconds(1))) {
            timestamp = h.lastTimestamp().plusSeconds(1); // Moodle compares whole seconds; the delivery waits for it
        }
        GradeRepostStore.queue(
                c, reg, deployment, subject, link, h.services(), grade, timestamp, now, now.plus(giveUpAfter));
        return true;
    }
}
