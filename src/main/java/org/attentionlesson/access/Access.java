package org.attentionlesson.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.ToolException;

/**
 * The one place that decides who may see what after a launch (README, "Who can use what"). A launch opens exactly
 * one place: its registration, deployment and context, and its resource link when it has one (docs/lti.md §1; LTI
 * Core 1.3 §5.4.1 and §5.3.5: context and resource link ids are unique only within a deployment). No role widens
 * that: a platform or institution administrator launching from a course is staff of that course, nothing more. The overview of every
 * institution's deliveries lives only in the tool's admin console ({@code /admin/deliveries}), behind the
 * container's login, never behind a launch.
 *
 * <p>Refusals carry stable codes: 401 {@code LAUNCH_TOKEN_MISSING}/{@code LAUNCH_TOKEN_INVALID} (from
 * {@link LaunchSession}), 403 {@code NOT_INSTRUCTOR}, 400 {@code NO_RESOURCE_LINK}.
 * Queries take the granted {@link Scope} as parameters ({@link Scope#where}).
 */
public final class Access {
    /** What a request asks for. */
    public enum Need {
        /** The caller's own work at the launch's resource link (students and staff alike). */
        OWN_WORK,
        /** Staff of the launch's place: its resource link, or for a launch without one (deep linking) its context. */
        STAFF_OF_PLACE,
        /** Staff of the launch's resource link; a launch without one is refused (400 NO_RESOURCE_LINK). */
        STAFF_OF_LINK
    }

    /** A granted request: the launch and the rows it may read or change. */
    public record Grant(LaunchContext launch, Scope scope) {}

    /**
     * Rows of one registration, deployment and context, and of one resource link unless {@code resourceLinkId} is
     * null (then the whole context). A null {@code contextId} is a launch without a context claim; it matches only
     * rows without one.
     */
    public record Scope(long registrationId, long deploymentRowId, String contextId, String resourceLinkId) {
        public static Scope of(LaunchContext launch, boolean withLink) {
            return new Scope(
                    launch.registrationId(),
                    launch.deploymentRowId(),
                    launch.contextId(),
                    withLink ? launch.resourceLinkId() : null);
        }

        public boolean wholeContext() {
            return resourceLinkId == null;
        }

        /**
         * {@code " AND a.registration_id = ? AND a.deployment_row_id = ? AND a.context_id = ? [AND
         * a.resource_link_id = ?]"} for a table (alias {@code a}, or none when blank) with those four columns; bind
         * {@link #args()} in the same place. Columns are fixed names, values are always placeholders.
         */
        public String where(String alias) {
            String p = alias == null || alias.isBlank() ? "" : alias + ".";
            return " AND " + p + "registration_id = ? AND " + p + "deployment_row_id = ? AND "
                    + (contextId == null ? p + "context_id IS NULL" : p + "context_id = ?")
                    + (resourceLinkId == null ? "" : " AND " + p + "resource_link_id = ?");
        }

        /** The values for {@link #where}, in order. */
        public Object[] args() {
            List<Object> a = new ArrayList<>(4);
            a.add(registrationId);
            a.add(deploymentRowId);
            if (contextId != null) {
                a.add(contextId);
            }
            if (resourceLinkId != null) {
                a.add(resourceLinkId);
            }
            return a.toArray();
        }

        /** {@code before}, then {@link #args()}, then {@code after}: for binding a whole statement at once. */
        public Object[] args(Object[] before, Object... after) {
            Object[] mine = args();
            Object[] all = new Object[before.length + mine.length + after.length];
            System.arraycopy(before, 0, all, 0, before.length);
            System.arraycopy(mine, 0, all, before.length, mine.length);
            System.arraycopy(after, 0, all, before.length + mine.length, after.length);
            return all;
        }
    }

    private final LaunchSession session;

    public Access(LaunchSession session) {
        this.session = session;
    }

    /** The launch behind the request if it may have what it asks for; otherwise the refusal as a ToolException. */
    public Grant require(HttpServletRequest req, Need need) {
        return decide(session.require(req), need);
    }

    /** The rule itself, on an already verified launch. */
    public static Grant decide(LaunchContext launch, Need need) {
        switch (need) {
            case OWN_WORK -> {
                return new Grant(launch, Scope.of(launch, true));
            }
            case STAFF_OF_PLACE -> {
                requireStaff(launch);
                return new Grant(launch, Scope.of(launch, launch.resourceLinkId() != null));
            }
            case STAFF_OF_LINK -> {
                requireStaff(launch);
                if (launch.resourceLinkId() == null) {
                    throw ToolException.badRequest(
                            "NO_RESOURCE_LINK",
                            "Open this page from an activity in your course: it shows that activity's results.");
                }
                return new Grant(launch, Scope.of(launch, true));
            }
            default -> throw new IllegalArgumentException(String.valueOf(need));
        }
    }

    /** The launch's roles make it staff of its course (LTI Core 1.3 §5.3.7; LtiRoles.isInstructor). */
    private static void requireStaff(LaunchContext launch) {
        if (!launch.isInstructor()) {
            throw ToolException.forbidden("NOT_INSTRUCTOR", "Only the course's instructors can do this.");
        }
    }
}
