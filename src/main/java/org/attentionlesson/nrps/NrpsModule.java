package org.attentionlesson.nrps;

import java.time.Duration;
import org.attentionlesson.App;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.PlatformHttp;

/**
 * Wires the NRPS roster on the grade services' HTTP client and token cache (installed by the grading module
 * first). Settings:
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
    private NrpsModule() {
    }

    public static RosterService install(App app) {
        PlatformHttp http = app.platformHttp(); // the outbound policy's client, as every platform call
        AccessTokens tokens = (AccessTokens) app.servletContext().getAttribute(AccessTokens.class.getName());
        if (tokens == null) {
            throw new IllegalStateException("The grading module must be installed before the roster (NRPS)");
        }
        NrpsClient client = new NrpsClient(http, app.clock(), new NrpsClient.Limits(
                Integer.parseInt(app.param("attention.nrps.maxMembers", "20000")),
                Integer.parseInt(app.param("attention.nrps.maxPages", "200")),
                Integer.parseInt(app.param("attention.nrps.pageSize", "100"))));
        return new RosterService(client, tokens, app.registrations(), app.clock(),
                Duration.ofSeconds(Long.parseLong(app.param("attention.nrps.cacheSeconds", "120"))),
                Boolean.parseBoolean(app.param("attention.nrps.resourceLinkFilter", "true")));
    }
}
