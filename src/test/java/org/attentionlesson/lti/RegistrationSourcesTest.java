package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.junit.jupiter.api.Test;

/** Where each registration came from, as the admin console and the service origins read it. */
class RegistrationSourcesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:00Z");

    @Test
    void aConsoleRegistrationIsManualAFileOneHasNoRowAndADynamicOneDeclaresItsAddresses() {
        try (Database db = new Database("jdbc:h2:mem:rs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            Registrations regs = new Registrations(db, Clock.systemUTC());
            RegistrationSourceStore store = new RegistrationSourceStore(db);
            RegistrationSources sources = new RegistrationSources(store, Clock.fixed(NOW, ZoneOffset.UTC));
            long manual = register(regs, "https://manual.example");
            long file = register(regs, "https://file.example");
            long dynamic = register(regs, "https://dynamic.example");

            db.inTransaction(c -> {
                sources.recordManual(c, manual);
                store.insert(
                        c,
                        dynamic,
                        new RegistrationSource(
                                "dynamic",
                                "https://lms.dynamic.example/mod/lti/openid-configuration.php",
                                "4.5",
                                "scope-a scope-b",
                                "https://lms.dynamic.example/mod/lti/openid-registration.php",
                                NOW));
                return null;
            });

            assertEquals(RegistrationSource.manual(NOW), sources.of(manual));
            assertEquals(List.of(), sources.declaredAddresses(manual));
            assertEquals(RegistrationSource.FILE, sources.of(file));
            assertEquals(List.of(), sources.declaredAddresses(file));
            assertEquals("4.5", sources.of(dynamic).productVersion());
            assertEquals(
                    List.of(
                            "https://lms.dynamic.example/mod/lti/openid-configuration.php",
                            "https://lms.dynamic.example/mod/lti/openid-registration.php"),
                    sources.declaredAddresses(dynamic));
        }
    }

    private static long register(Registrations regs, String issuer) {
        return regs.upsert(
                        issuer,
                        "client",
                        "LMS",
                        URI.create(issuer + "/auth"),
                        URI.create(issuer + "/jwks"),
                        URI.create(issuer + "/token"),
                        null,
                        null,
                        PlatformRegistration.Status.ACTIVE)
                .id();
    }
}
