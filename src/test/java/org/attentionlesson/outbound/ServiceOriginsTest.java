package org.attentionlesson.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which service URLs from a launch the tool will call for a registration. */
class ServiceOriginsTest {
    private record Platform(long id, String issuer, URI authUrl, URI tokenUrl, URI jwksUrl)
            implements RegisteredPlatform {}

    private static final Platform CANVAS = new Platform(
            7,
            "https://canvas.instructure.com",
            URI.create("https://sso.canvaslms.com/api/lti/authorize_redirect"),
            URI.create("https://school.instructure.com/login/oauth2/token"),
            URI.create("https://sso.canvaslms.com/api/lti/security/jwks"));

    @Test
    void servicesOnTheRegistrationsOwnHostsOrItsDeclaredAddressesOnly() {
        ServiceOrigins origins = new ServiceOrigins(
                Clock.systemUTC(), id -> id == CANVAS.id() ? List.of("https://lms.school.edu") : List.of());

        assertTrue(
                origins.allows(CANVAS, "https://school.instructure.com/api/lti/courses/1/line_items/7"),
                "the token URL's host serves AGS in Canvas");
        assertTrue(
                origins.allows(CANVAS, "https://lms.school.edu:443/api/lti/courses/1/names_and_roles"),
                "an address the registration declared (an LMS address an admin entered, a vanity host)");
        assertFalse(origins.allows(CANVAS, "https://attacker.example/api/lti/courses/1/line_items/7"));
        assertFalse(
                origins.allows(CANVAS, "http://school.instructure.com/api/lti/courses/1/line_items/7"),
                "another scheme is another origin");
        assertFalse(origins.allows(CANVAS, "https://school.instructure.com:8443/x"), "another port is another origin");
        assertFalse(origins.allows(CANVAS, "https://user@school.instructure.com/x"), "no user info");
        assertFalse(origins.allows(CANVAS, "not a url"));

        ServiceOrigins withoutAddresses = new ServiceOrigins(Clock.systemUTC(), DeclaredAddresses.NONE);
        assertFalse(withoutAddresses.allows(CANVAS, "https://lms.school.edu/api/lti/courses/1/names_and_roles"));
    }

    @Test
    void declaredAddressesAreReadAgainAfterThirtySecondsOrWhenForgotten() {
        AtomicInteger reads = new AtomicInteger();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Clock[] now = {Clock.fixed(start, ZoneOffset.UTC)};
        ServiceOrigins origins = new ServiceOrigins(
                new Clock() {
                    @Override
                    public java.time.ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now[0].instant();
                    }
                },
                id -> {
                    reads.incrementAndGet();
                    return List.of("https://lms.school.edu");
                });

        origins.declared(CANVAS);
        origins.declared(CANVAS);
        assertEquals(1, reads.get(), "cached");
        now[0] = Clock.fixed(start.plus(Duration.ofSeconds(31)), ZoneOffset.UTC);
        origins.declared(CANVAS);
        assertEquals(2, reads.get(), "read again after 30 s");
        origins.forgetAll();
        origins.declared(CANVAS);
        assertEquals(3, reads.get(), "read again once forgotten");
    }
}
