package org.attentionlesson.outbound;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.junit.jupiter.api.Test;

/** Which service URLs from a launch the tool will call for a registration. */
class ServiceOriginsTest {
    @Test
    void servicesOnTheRegistrationsOwnHostsOrItsAdminEnteredLmsAddressesOnly() {
        try (Database db = new Database("jdbc:h2:mem:so-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            Registrations regs = new Registrations(db, Clock.systemUTC());
            PlatformRegistration canvas = regs.upsert("https://canvas.instructure.com", "10000000000001", "Canvas",
                    URI.create("https://sso.canvaslms.com/api/lti/authorize_redirect"),
                    URI.create("https://sso.canvaslms.com/api/lti/security/jwks"),
                    URI.create("https://school.instructure.com/login/oauth2/token"), null, null,
                    PlatformRegistration.Status.ACTIVE);
            ServiceOrigins origins = new ServiceOrigins(db, Clock.systemUTC(),
                    id -> id == canvas.id() ? List.of("https://lms.school.edu") : List.of());

            assertTrue(origins.allows(canvas, "https://school.instructure.com/api/lti/courses/1/line_items/7"),
                    "the token URL's host serves AGS in Canvas");
            assertTrue(origins.allows(canvas, "https://lms.school.edu:443/api/lti/courses/1/names_and_roles"),
                    "an LMS address the admin entered (a vanity host)");
            assertFalse(origins.allows(canvas, "https://attacker.example/api/lti/courses/1/line_items/7"));
            assertFalse(origins.allows(canvas, "http://school.instructure.com/api/lti/courses/1/line_items/7"),
                    "another scheme is another origin");
            assertFalse(origins.allows(canvas, "https://school.instructure.com:8443/x"), "another port is another origin");
            assertFalse(origins.allows(canvas, "https://user@school.instructure.com/x"), "no user info");
            assertFalse(origins.allows(canvas, "not a url"));

            ServiceOrigins withoutAddresses = new ServiceOrigins(db, Clock.systemUTC());
            assertFalse(withoutAddresses.allows(canvas, "https://lms.school.edu/api/lti/courses/1/names_and_roles"));
        }
    }
}
