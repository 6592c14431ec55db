package org.attentionlesson.nrps;

import java.time.Instant;
import java.util.List;

/**
 * What one reading of a context's memberships gave: the members read (in the platform's order, each user once),
 * how many pages that took, when, and — when the reading stopped early or failed — why. A roster with a problem
 * still carries every member read before it, so a page can show what the tool knows with a notice.
 */
public record Roster(List<Member> members, int pages, Instant fetchedAt, Problem problem) {
    /** Why a reading stopped: a stable code and words an instructor can act on. */
    public record Problem(String code, String message) {}

    public Roster {
        members = List.copyOf(members);
    }

    public boolean complete() {
        return problem == null;
    }

    /** No roster at all (no NRPS claim in the launch, or nothing read yet). */
    public static Roster unavailable(Instant at, String code, String message) {
        return new Roster(List.of(), 0, at, new Problem(code, message));
    }
}
