package org.attentionlesson.support;

import java.net.URI;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;

/** The one active platform registration store-level tests need: issuer {@code https://lms.example}, client c1. */
public final class TestRegistrations {
    private TestRegistrations() {}

    public static PlatformRegistration lms(Registrations regs) {
        return regs.upsert(
                "https://lms.example",
                "c1",
                "LMS",
                URI.create("https://lms.example/auth"),
                URI.create("https://lms.example/jwks"),
                null,
                null,
                null,
                PlatformRegistration.Status.ACTIVE);
    }
}
