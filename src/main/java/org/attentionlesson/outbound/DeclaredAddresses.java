package org.attentionlesson.outbound;

import java.util.List;

/**
 * The addresses a registration declared besides its endpoint URLs: the LMS addresses an admin entered (e.g. a Canvas
 * institution's vanity host) and, for a dynamic registration, where its configuration and registration endpoint came
 * from (LTI Dynamic Registration 1.0 §3.3). Origins learned from launches do not count. Provided by {@code lti},
 * wired in the composition root.
 */
@FunctionalInterface
public interface DeclaredAddresses {
    DeclaredAddresses NONE = registrationId -> List.of();

    List<String> of(long registrationId);
}
