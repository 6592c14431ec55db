package org.attentionlesson.grading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.attentionlesson.lti.LaunchContext;

/**
 * What the student is told about their score's way to the gradebook: {@code sent}, {@code sending},
 * {@code delayed} (failed at least once, or given up: the instructor sees it), {@code local} (the launch had no
 * grade service, or did not say who the student is), or {@code none} (nothing submitted yet).
 */
public final class GradeStatus {
    public enum State {
        none,
        sending,
        sent,
        delayed,
        local
    }

    /** JSON body of {@code GET /api/grade-status}. */
    public record View(
            State state, String message, Integer attempt, Double scoreGiven, Double scoreMaximum, Instant updatedAt) {}

    private final GradeOutbox outbox;
    private final Clock clock;
    private final Duration delayedAfter;

    public GradeStatus(GradeOutbox outbox, Clock clock, Duration delayedAfter) {
        this.outbox = outbox;
        this.clock = clock;
        this.delayedAfter = delayedAfter;
    }

    record Found(State state, OutboxRow row) {}

    Found rowState(LaunchContext launch) {
        if (launch.anonymous() || launch.resourceLinkId() == null) {
            return new Found(State.local, null);
        }
        Optional<OutboxRow> row = outbox.latestFor(
                launch.registrationId(), launch.deploymentRowId(), launch.subject(), launch.resourceLinkId());
        boolean unseen = outbox.hasUnseenEvent(
                launch.registrationId(), launch.deploymentRowId(), launch.subject(), launch.resourceLinkId());
        if (row.isEmpty()) {
            if (unseen) {
                return new Found(launch.ags() != null && launch.ags().present() ? State.sending : State.local, null);
            }
            return new Found(launch.ags() != null && launch.ags().present() ? State.none : State.local, null);
        }
        OutboxRow r = row.get();
        State s = switch (r.status()) {
            case DELIVERED -> unseen ? State.sending : State.sent;
            case LOCAL_ONLY -> State.local;
            case FAILED -> State.delayed;
            case PENDING ->
                r.tries() > 0 || r.createdAt().plus(delayedAfter).isBefore(clock.instant())
                        ? State.delayed
                        : State.sending;
            default -> State.sending;
        };
        return new Found(s, r);
    }
}
