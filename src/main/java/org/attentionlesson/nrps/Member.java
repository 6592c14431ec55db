package org.attentionlesson.nrps;

import java.util.List;
import org.attentionlesson.lti.LtiRoles;

/**
 * One member of a context's membership container (NRPS 2.0 §2.4, "Membership container media type"). Every personal
 * field may be null: the platform's privacy settings decide what is shared, so a member is always known by
 * {@code userId} alone.
 */
public record Member(
        String userId,
        String name,
        String givenName,
        String familyName,
        String email,
        List<String> roles,
        Status status) {
    /** NRPS 2.0 §2.4 member {@code status}; Active when absent. */
    public enum Status {
        ACTIVE,
        INACTIVE,
        DELETED
    }

    public Member {
        roles = List.copyOf(roles);
    }

    /** A name to show: {@code name}, else given and family names, else the e-mail address, else null. */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        if (!joined.isEmpty()) {
            return joined;
        }
        return email == null || email.isBlank() ? null : email.trim();
    }

    public boolean isInstructor() {
        return LtiRoles.isInstructor(roles);
    }

    /** A member graded by the activity: not staff, and not removed from the context. */
    public boolean isStudent() {
        return !isInstructor() && status != Status.DELETED;
    }
}
