package org.attentionlesson.nrps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LtiRoles;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;

/**
 * The roster of the launch's context, from the platform's NRPS endpoint, cached a short while per registration,
 * context and resource link so a class page reload does not call the platform again. A refresh reads it anew.
 * When a reading fails, the last complete roster (if any) is kept and shown with the failure as a notice.
 */
public final class RosterService {
    private static final int MAX_CACHED = 2_000;

    private record Key(long registrationId, long deploymentRowId, String contextId, String resourceLinkId) {}

    private record Entry(Roster roster, Instant expiresAt) {}

    private final NrpsClient client;
    private final AccessTokens tokens;
    private final Registrations registrations;
    private final Clock clock;
    private final Duration ttl;
    private final Duration failureTtl;
    private final boolean resourceLinkFilter;
    private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Roster> lastComplete = new ConcurrentHashMap<>();

    public RosterService(
            NrpsClient client,
            AccessTokens tokens,
            Registrations registrations,
            Clock clock,
            Duration ttl,
            boolean resourceLinkFilter) {
        this.client = client;
        this.tokens = tokens;
        this.registrations = registrations;
        this.clock = clock;
        this.ttl = ttl;
        this.failureTtl = ttl.compareTo(Duration.ofSeconds(30)) < 0 ? ttl : Duration.ofSeconds(30);
        this.resourceLinkFilter = resourceLinkFilter;
    }

    /** The roster for the launch's context; {@code refresh} skips the cache. */
    public Roster forLaunch(LaunchContext launch, boolean refresh) {
        if (launch.nrpsUrl() == null || launch.nrpsUrl().isBlank()) {
            return Roster.unavailable(
                    clock.instant(),
                    "NRPS_NOT_OFFERED",
                    "The platform did not offer this course's"
                            + " member list to the tool, so only students who opened the activity are listed.");
        }
        Key key = new Key(
                launch.registrationId(),
                launch.deploymentRowId(),
                launch.contextId(),
                resourceLinkFilter ? launch.resourceLinkId() : null);
        Instant now = clock.instant();
        Entry cached = cache.get(key);
        if (!refresh && cached != null && now.isBefore(cached.expiresAt())) {
            return cached.roster();
        }
        Roster fresh = read(launch, key);
        if (fresh.complete()) {
            lastComplete.put(key, fresh);
        } else {
            Roster previous = lastComplete.get(key);
            if (previous != null && previous.members().size() >= fresh.members().size()) {
                fresh = new Roster(previous.members(), previous.pages(), previous.fetchedAt(), fresh.problem());
            }
        }
        cache.put(key, new Entry(fresh, now.plus(fresh.complete() ? ttl : failureTtl)));
        trim();
        return fresh;
    }

    private Roster read(LaunchContext launch, Key key) {
        PlatformRegistration registration =
                registrations.find(launch.registrationId()).orElse(null);
        if (registration == null) {
            return Roster.unavailable(clock.instant(), "NRPS_UNAVAILABLE", "The platform registration is gone.");
        }
        Set<String> scopes = Set.of(NrpsClient.SCOPE);
        NrpsClient.TokenSource source = new NrpsClient.TokenSource() {
            @Override
            public AccessToken get() throws AgsException {
                return tokens.get(registration, scopes);
            }

            @Override
            public void refused(AccessToken token) {
                tokens.invalidate(registration, scopes, token);
            }
        };
        // Learners only (NRPS 2.0 §2.4.3 role filter): the class page lists students; staff are dropped again
        // locally in case the platform ignores the filter.
        return client.fetch(
                new NrpsClient.Query(launch.nrpsUrl(), LtiRoles.LEARNER, key.resourceLinkId(), registration), source);
    }

    private void trim() {
        if (cache.size() <= MAX_CACHED) {
            return;
        }
        cache.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getValue().expiresAt()))
                .limit(cache.size() - MAX_CACHED / 2)
                .map(java.util.Map.Entry::getKey)
                .toList()
                .forEach(k -> {
                    cache.remove(k);
                    lastComplete.remove(k);
                });
    }
}
