package org.attentionlesson.lti;

import java.time.Instant;

/**
 * Where a registration came from: {@code manual} (the admin console), {@code dynamic} (LTI Dynamic Registration 1.0,
 * docs/lti.md §8, with the platform's configuration URL, product version, granted scope and registration endpoint),
 * or {@code file} (the registrations file: no row is stored, see {@link #FILE}).
 */
public record RegistrationSource(
        String method,
        String configurationUrl,
        String productVersion,
        String grantedScope,
        String registrationEndpoint,
        Instant createdAt) {

    /** What a registration without a stored source is: one loaded from the registrations file. */
    public static final RegistrationSource FILE = new RegistrationSource("file", null, null, null, null, null);

    public static RegistrationSource manual(Instant at) {
        return new RegistrationSource("manual", null, null, null, null, at);
    }
}
