package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each registration came from, for the admin console and for the origins the tool may call
 * ({@code outbound.DeclaredAddresses}): a dynamic registration declared its configuration URL and registration
 * endpoint (LTI Dynamic Registration 1.0 §3.3, docs/lti.md §8); the console and the registrations file declare none.
 */
public final class RegistrationSources {
    private final RegistrationSourceStore store;
    private final Clock clock;

    public RegistrationSources(RegistrationSourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records a registration an admin added in the console, in the caller's transaction. */
    public void recordManual(Connection c, long registrationId) throws SQLException {
        store.insert(c, registrationId, RegistrationSource.manual(clock.instant()));
    }

    /** The registration's source; {@link RegistrationSource#FILE} when none is stored. */
    public RegistrationSource of(long registrationId) {
        return store.find(registrationId).orElse(RegistrationSource.FILE);
    }

    /** The configuration URL and registration endpoint a dynamic registration came from (none for the others). */
    public List<String> declaredAddresses(long registrationId) {
        List<String> out = new ArrayList<>(2);
        store.find(registrationId).ifPresent(s -> {
            if (s.configurationUrl() != null) {
                out.add(s.configurationUrl());
            }
            if (s.registrationEndpoint() != null) {
                out.add(s.registrationEndpoint());
            }
        });
        return out;
    }
}
