package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LtiRolesTest {
    @Test
    void recognisesInstructorsByFullShortAndSubRoleNames() {
        assertTrue(LtiRoles.isInstructor(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor")));
        assertTrue(LtiRoles.isInstructor(List.of("Instructor")));
        assertTrue(LtiRoles.isInstructor(
                List.of("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant")));
        assertTrue(
                LtiRoles.isInstructor(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper")));
        assertTrue(LtiRoles.isInstructor(
                List.of("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator")));
    }

    @Test
    void treatsEveryoneElseAsALearner() {
        assertFalse(LtiRoles.isInstructor(List.of()));
        assertFalse(LtiRoles.isInstructor(List.of("")));
        assertFalse(LtiRoles.isInstructor(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")));
        assertFalse(LtiRoles.isInstructor(List.of("http://example.edu/roles#Wizard")));
    }

    @Test
    void spotsCanvasStudentViewUser() {
        assertTrue(LtiRoles.isTestUser(List.of("http://purl.imsglobal.org/vocab/lti/system/person#TestUser")));
    }
}
