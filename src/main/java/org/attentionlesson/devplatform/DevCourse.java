package org.attentionlesson.devplatform;

import java.util.List;
import java.util.Optional;

/**
 * The one course of the dev LMS: its context claim values, its people (the roster a later NRPS endpoint serves)
 * and the resource links placed in it (deep linking will add more).
 */
public record DevCourse(String id, String title, String label, String type, List<DevPerson> people,
        List<DevResourceLink> links) {
    /** LIS course offering (LTI Core 1.3 §A.1 context type vocabulary). */
    public static final String COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";

    public DevCourse {
        people = List.copyOf(people);
        links = List.copyOf(links);
    }

    /** The fixed course every dev LMS starts with. */
    public static DevCourse sample() {
        return new DevCourse("dev-course", "Deep Learning 101 (dev)", "DL101", COURSE_OFFERING,
                List.of(new DevPerson("student-ada", "Ada", "Lovelace", "ada.lovelace@dl101.example", List.of(DevPerson.LEARNER)),
                        new DevPerson("student-grace", "Grace", "Hopper", "grace.hopper@dl101.example", List.of(DevPerson.LEARNER)),
                        new DevPerson("teacher-alan", "Alan", "Turing", "alan.turing@dl101.example", List.of(DevPerson.INSTRUCTOR))),
                List.of(new DevResourceLink("dev-link-1", "Attention and transformers, in brief")));
    }

    public Optional<DevPerson> person(String personId) {
        return people.stream().filter(p -> p.id().equals(personId)).findFirst();
    }

    public Optional<DevResourceLink> link(String linkId) {
        return links.stream().filter(l -> l.id().equals(linkId)).findFirst();
    }

    /** The link the course page launches. */
    public DevResourceLink firstLink() {
        return links.get(0);
    }
}
