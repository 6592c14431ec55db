package org.attentionlesson.instructor;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.store.Database;

/**
 * Names for the platform's user ids ({@code sub}) on instructor pages, from each user's latest launch in the same
 * registration (the {@code name}, {@code given_name}/{@code family_name} or {@code email} claims, LTI 1.3 §5.3.6),
 * read through lti's {@link ContextLearners}. A user who never launched with a name, or whose platform shares none,
 * has none here: the page shows the id.
 */
public final class LearnerNames {
    /** Who a row is about: a registration's user. */
    public record Who(long registrationId, String subject) {}

    private final ContextLearners learners;

    public LearnerNames(ContextLearners learners) {
        this.learners = learners;
    }

    public LearnerNames(Database db) {
        this(new ContextLearners(db));
    }

    /** The display name of each user that has one; users without a name are absent from the map. */
    public Map<Who, String> of(Collection<Who> people) {
        Map<ContextLearners.Who, String> found = learners.names(people.stream()
                .map(w -> new ContextLearners.Who(w.registrationId(), w.subject()))
                .toList());
        Map<Who, String> out = new HashMap<>();
        found.forEach((w, name) -> out.put(new Who(w.registrationId(), w.subject()), name));
        return out;
    }

    /** One user's name, or null. */
    public String of(long registrationId, String subject) {
        return of(List.of(new Who(registrationId, subject))).get(new Who(registrationId, subject));
    }
}
