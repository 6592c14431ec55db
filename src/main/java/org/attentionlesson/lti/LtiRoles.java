package org.attentionlesson.lti;

import java.util.List;

/**
 * Role checks over the {@code lti:roles} claim (LTI Core 1.3 §5.3.7, appendix A.2). Accepts full URIs, the short
 * forms some platforms send ({@code Instructor}), sub-roles, and ignores unknown or empty values.
 */
public final class LtiRoles {
    private static final String MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    private static final String INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
    private static final String SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";

    public static final String LEARNER = MEMBERSHIP + "Learner";
    public static final String INSTRUCTOR = MEMBERSHIP + "Instructor";
    public static final String TEST_USER = "http://purl.imsglobal.org/vocab/lti/system/person#TestUser";

    private LtiRoles() {}

    public static boolean isInstructor(List<String> roles) {
        for (String r : roles) {
            if (r == null) {
                continue;
            }
            if (r.equals(MEMBERSHIP + "Instructor")
                    || r.equals(MEMBERSHIP + "ContentDeveloper")
                    || r.equals(MEMBERSHIP + "Administrator")
                    || r.startsWith("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#")
                    || r.equals("Instructor")
                    || r.equals("Administrator")
                    || r.equals("ContentDeveloper")
                    || isAdministratorRole(r)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isAdministrator(List<String> roles) {
        return roles.stream().anyMatch(r -> r != null && isAdministratorRole(r));
    }

    private static boolean isAdministratorRole(String r) {
        return r.equals(INSTITUTION + "Administrator")
                || r.equals(SYSTEM + "Administrator")
                || r.equals(SYSTEM + "SysAdmin")
                || r.equals(MEMBERSHIP + "Administrator")
                || r.equals("Administrator");
    }

    public static boolean isTestUser(List<String> roles) {
        return roles.contains(TEST_USER);
    }
}
