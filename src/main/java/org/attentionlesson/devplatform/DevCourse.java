package org.attentionlesson.devplatform;

import java.util.List;
import java.util.Optional;

/**
 * The one course of the dev LMS: its context claim values, its people (the roster a later NRPS endpoint serves)
 * and the resource links placed in it (deep linking will add more).
 */
public record DevCourse(
        String id, String title, String label, String type, List<DevPerson> people, List<DevResourceLink> links) {
    /** LIS course offering (LTI Core 1.3 §A.1 context type vocabulary). */
    public static final String COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";

    public DevCourse {
        people = List.copyOf(people);
        links = List.copyOf(links);
    }

    /** The fixed course every dev LMS starts with: two students, one instructor. */
    public static DevCourse sample() {
        return sample(3);
    }

    /**
     * The sample course with {@code size} members (at least the three fixed ones): the rest are generated students
     * who never launch unless someone launches as them, so the class page can show who has not started. Every
     * seventh generated student shares no name (a platform's privacy setting), only an id.
     */
    public static DevCourse sample(int size) {
        List<DevPerson> people = new java.util.ArrayList<>(List.of(
                new DevPerson(
                        "student-ada", "Ada", "Lovelace", "ada.lovelace@dl101.example", List.of(DevPerson.LEARNER)),
                new DevPerson(
                        "student-grace", "Grace", "Hopper", "grace.hopper@dl101.example", List.of(DevPerson.LEARNER)),
                new DevPerson(
                        "teacher-alan", "Alan", "Turing", "alan.turing@dl101.example", List.of(DevPerson.INSTRUCTOR))));
        for (int i = 1; people.size() < size; i++) {
            String id = String.format(java.util.Locale.ROOT, "student-%03d", i);
            if (i % 7 == 0) {
                people.add(new DevPerson(id, null, null, null, List.of(DevPerson.LEARNER)));
            } else {
                String given = GIVEN[i % GIVEN.length];
                String family = FAMILY[(i / GIVEN.length + i) % FAMILY.length];
                people.add(new DevPerson(
                        id,
                        given,
                        family,
                        (given + "." + family + i + "@dl101.example").toLowerCase(java.util.Locale.ROOT),
                        List.of(DevPerson.LEARNER)));
            }
        }
        return new DevCourse(
                "dev-course",
                "Deep Learning 101 (dev)",
                "DL101",
                COURSE_OFFERING,
                people,
                List.of(new DevResourceLink("dev-link-1", "Attention and transformers, in brief")));
    }

    private static final String[] GIVEN = {
        "Amara", "Bruno", "Chen", "Dara", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi", "Lars", "Maya",
        "Nikos", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tariq"
    };
    private static final String[] FAMILY = {
        "Abebe",
        "Berg",
        "Costa",
        "Dlamini",
        "Eriksen",
        "Fischer",
        "Gupta",
        "Haddad",
        "Ibrahim",
        "Jensen",
        "Kowalski",
        "Lindqvist",
        "Moreau",
        "Nakamura",
        "Okafor",
        "Petrov",
        "Quispe",
        "Rossi"
    };

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
