package org.attentionlesson.nrps;

import java.time.Clock;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.web.Settings;

/**
 * The NRPS roster, on the platform-service HTTP client and the grading module's token cache. Settings
 * ({@link Settings}):
 *
 * <pre>
 * nrps.cacheSeconds        120    how long a context's roster is reused before the platform is asked again
 * nrps.maxMembers          20000  most members read from one context
 * nrps.maxPages            200    most pages followed
 * nrps.pageSize            100    members per page asked for (limit)
 * nrps.resourceLinkFilter  true   ask for the members of the launch's resource link (rlid) rather than the context
 * </pre>
 */
public final class NrpsModule {
    private final RosterService roster;

    public NrpsModule(
            PlatformHttp http, AccessTokens tokens, Registrations registrations, Clock clock, Settings settings) {
        NrpsClient client = new NrpsClient(
                http,
                clock,
                new NrpsClient.Limits(
                        settings.integer("attention.nrps.maxMembers"),
                        settings.integer("attention.nrps.maxPages"),
                        settings.integer("attention.nrps.pageSize")));
        this.roster = new RosterService(
                client,
                tokens,
                registrations,
                clock,
                settings.seconds("attention.nrps.cacheSeconds"),
                settings.flag("attention.nrps.resourceLinkFilter"));
    }

    /** A launch's class list (LTI NRPS 2.0), cached per context. */
    public RosterService roster() {
        return roster;
    }
}
