package org.attentionlesson.devplatform;

import java.util.List;

/** A person in the dev LMS: {@code id} is the {@code sub} and the {@code login_hint}; roles are LIS role URIs. */
public record DevPerson(String id, String givenName, String familyName, String email, List<String> roles) {
    public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    public static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    public DevPerson {
        roles = List.copyOf(roles);
    }

    /** The full name, or the id when the person shares no name. */
    public String name() {
        return givenName == null ? id : givenName + " " + familyName;
    }

    public boolean isInstructor() {
        return roles.contains(INSTRUCTOR);
    }
}
