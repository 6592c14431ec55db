package org.attentionlesson.lti;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other features may know of a launch without reading lti's tables: where it happened (deployment row and
 * course; LTI Core 1.3 §5.3.5 and §5.4.1: link and context ids are unique only within a deployment), the link's
 * title and the grade service endpoint it carried (AGS 2.0 §3.1, docs/lti.md §5), and per registration when the
 * last launch was. Reads through {@link LaunchContexts} (cached) and a small store of its own.
 */
public final class LaunchFacts {
    /** One launch as other features see it; {@code agsScopes} empty and both URLs null when it had no AGS claim. */
    public record Facts(
            String launchId,
            long registrationId,
            long deploymentRowId,
            String contextId,
            String resourceLinkId,
            String resourceLinkTitle,
            String agsLineitems,
            String agsLineitem,
            List<String> agsScopes) {
        public Facts {
            agsScopes = agsScopes == null ? List.of() : List.copyOf(agsScopes);
        }

        /** The scopes as one space-separated string (how the outbox stores them), null when none. */
        public String agsScopesText() {
            return agsScopes.isEmpty() ? null : String.join(" ", agsScopes);
        }
    }

    /** When a registration was last launched and how many launch contexts are kept for it. */
    public record Activity(Instant last, long count) {}

    private final LaunchContexts contexts;
    private final LaunchFactsStore store;

    public LaunchFacts(LaunchContexts contexts, org.attentionlesson.store.Database db) {
        this.contexts = contexts;
        this.store = new LaunchFactsStore(db);
    }

    /** The facts of a stored launch; empty when the id is unknown or its context has been purged. */
    public Optional<Facts> of(String launchId) {
        if (launchId == null) {
            return Optional.empty();
        }
        return contexts.find(launchId).map(LaunchFacts::facts);
    }

    /** The deployment row of a stored launch, if known. */
    public Optional<Long> deploymentOf(String launchId) {
        return of(launchId).map(Facts::deploymentRowId);
    }

    public Activity activity(long registrationId) {
        return store.activity(registrationId);
    }

    static Facts facts(LaunchContext l) {
        LaunchContext.AgsEndpoint ags =
                l.ags() == null ? new LaunchContext.AgsEndpoint(null, null, List.of()) : l.ags();
        return new Facts(
                l.id(),
                l.registrationId(),
                l.deploymentRowId(),
                l.contextId(),
                l.resourceLinkId(),
                l.resourceLinkTitle(),
                ags.lineitems(),
                ags.lineitem(),
                ags.scopes());
    }
}
