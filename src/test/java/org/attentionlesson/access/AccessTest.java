package org.attentionlesson.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.attentionlesson.access.Access.Need;
import org.attentionlesson.access.Access.Scope;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.MessageType;
import org.attentionlesson.web.ToolException;
import org.junit.jupiter.api.Test;

/** The rule of {@link Access} on launches built in memory; the WAR-level matrix is {@link TenantAccessMatrix}. */
class AccessTest {
    private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    private static final String TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
    private static final String INSTITUTION_ADMIN =
            "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator";
    private static final String SYSTEM_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin";

    private static LaunchContext launch(String role, String context, String link) {
        return new LaunchContext(
                "launch-1",
                7,
                70,
                link == null ? MessageType.DEEP_LINKING : MessageType.RESOURCE_LINK,
                "user-1",
                null,
                null,
                null,
                null,
                List.of(role),
                context,
                null,
                null,
                link,
                null,
                null,
                null,
                null,
                null,
                new LaunchContext.AgsEndpoint(null, null, List.of()),
                null,
                Map.of(),
                null,
                null,
                Instant.EPOCH);
    }

    @Test
    void everyStaffRoleIsScopedToItsOwnRegistrationDeploymentCourseAndLink() {
        for (String role : List.of(INSTRUCTOR, TA, INSTITUTION_ADMIN, SYSTEM_ADMIN)) {
            assertEquals(
                    new Scope(7, 70, "course-1", "link-1"),
                    Access.decide(launch(role, "course-1", "link-1"), Need.STAFF_OF_PLACE)
                            .scope(),
                    role);
            assertEquals(
                    new Scope(7, 70, "course-1", "link-1"),
                    Access.decide(launch(role, "course-1", "link-1"), Need.STAFF_OF_LINK)
                            .scope(),
                    role);
        }
    }

    @Test
    void aDeepLinkingLaunchGetsItsWholeCourseAndNothingWider() {
        Scope s = Access.decide(launch(INSTITUTION_ADMIN, "course-1", null), Need.STAFF_OF_PLACE)
                .scope();
        assertEquals(new Scope(7, 70, "course-1", null), s);
        assertTrue(s.wholeContext());
        ToolException e = assertThrows(
                ToolException.class, () -> Access.decide(launch(INSTRUCTOR, "course-1", null), Need.STAFF_OF_LINK));
        assertEquals(400, e.status());
        assertEquals("NO_RESOURCE_LINK", e.code());
    }

    @Test
    void aStudentGetsOwnWorkAndIsRefusedEveryStaffNeedWithAStableCode() {
        assertEquals(
                new Scope(7, 70, "course-1", "link-1"),
                Access.decide(launch(LEARNER, "course-1", "link-1"), Need.OWN_WORK)
                        .scope());
        for (Need need : List.of(Need.STAFF_OF_PLACE, Need.STAFF_OF_LINK)) {
            ToolException e =
                    assertThrows(ToolException.class, () -> Access.decide(launch(LEARNER, "course-1", "link-1"), need));
            assertEquals(403, e.status());
            assertEquals("NOT_INSTRUCTOR", e.code());
        }
    }

    @Test
    void theScopeIsAlwaysPlaceholdersAndALaunchWithoutCourseMatchesOnlyRowsWithoutOne() {
        Scope s = new Scope(7, 70, "course'; DROP TABLE x; --", "link-1");
        assertEquals(
                " AND a.registration_id = ? AND a.deployment_row_id = ? AND a.context_id = ? "
                        + "AND a.resource_link_id = ?",
                s.where("a"));
        assertArrayEquals(
                new Object[] {"first", 7L, 70L, "course'; DROP TABLE x; --", "link-1", "last"},
                s.args(new Object[] {"first"}, "last"));
        Scope noCourse = Access.decide(launch(INSTRUCTOR, null, null), Need.STAFF_OF_PLACE)
                .scope();
        assertNull(noCourse.contextId());
        assertEquals(" AND registration_id = ? AND deployment_row_id = ? AND context_id IS NULL", noCourse.where(""));
        assertArrayEquals(new Object[] {7L, 70L}, noCourse.args());
    }
}
