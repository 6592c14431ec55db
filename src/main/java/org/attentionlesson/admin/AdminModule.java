package org.attentionlesson.admin;

import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.lti.DynamicRegistration;
import org.attentionlesson.lti.DynamicRegistrationServlet;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.RegistrationSources;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.lti.ToolConfiguration;
import org.attentionlesson.lti.ToolConfigurationServlet;
import org.attentionlesson.lti.ToolKeys;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.outbound.OutboundPolicy;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.RateLimit;
import org.attentionlesson.web.Settings;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an LMS admin uses: the dynamic registration URL (LTI Dynamic Registration 1.0), the {@code lti-config/}
 * files, the admin console and its script API (web.xml restricts {@code /admin/*} to the role {@code lti-admin}),
 * and every institution's grade deliveries. It owns two HTTP clients, closed by {@link #close()}.
 */
public final class AdminModule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminModule.class);

    private final OutboundHttp registrationClient;
    private final RegistrationHealth health;
    private final HttpServlet dynamicRegistration;
    private final HttpServlet toolConfiguration;
    private final HttpServlet console;
    private final HttpServlet api;
    private final HttpServlet deliveries;

    public AdminModule(
            URI baseUrl,
            boolean autoApprove,
            Database db,
            Clock clock,
            Registrations registrations,
            PlatformOrigins origins,
            PlatformKeys platformKeys,
            ToolKeys toolKeys,
            OutboundPolicy outbound,
            Templates templates,
            GradingModule grading,
            Settings settings,
            LaunchFacts launchFacts,
            RegistrationSources registrationSources) {
        ToolConfiguration tool = new ToolConfiguration(baseUrl);
        DynamicRegistration.Settings drSettings = new DynamicRegistration.Settings(
                settings.seconds("attention.registrationConnectSeconds"),
                settings.seconds("attention.registrationTimeoutSeconds"),
                settings.integer("attention.registrationMaxKb") * 1024,
                outbound.allowsHttp(),
                autoApprove);
        this.registrationClient = outbound.client(
                drSettings.connectTimeout(),
                drSettings.requestTimeout(),
                drSettings.maxBytes(),
                DynamicRegistration.USER_AGENT,
                8);
        DynamicRegistration registration = new DynamicRegistration(
                        db, registrations, tool, drSettings, clock, registrationClient)
                .limitPending(settings.integer("attention.maxPendingRegistrations"), origins);
        RateLimit registrationLimit = new RateLimit(
                settings.integer("attention.registrationAttemptsPerMinute"), Duration.ofMinutes(1), clock);
        this.dynamicRegistration = new DynamicRegistrationServlet(registration, tool, templates, registrationLimit);
        this.toolConfiguration = new ToolConfigurationServlet(tool, templates);

        this.health = new RegistrationHealth(launchFacts, grading.deliveries(), clock, outbound);
        // attention.keyRotationGraceSeconds, when set, overrides the minutes (tests that rotate under load in seconds).
        Duration grace = settings.optional("attention.keyRotationGraceSeconds")
                .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .orElse(Duration.ofMinutes(settings.longValue("attention.keyRotationGraceMinutes")));
        KeyRotation keyRotation =
                new KeyRotation(toolKeys, grace, Duration.ofHours(settings.longValue("attention.keyRetentionHours")));
        RegistrationAdmin registrationAdmin =
                new RegistrationAdmin(db, registrations, registrationSources, origins, platformKeys, health);
        this.console = new AdminConsoleServlet(registrationAdmin, keyRotation, tool, templates);
        this.api = new AdminApiServlet(registrations, health, keyRotation, baseUrl);
        this.deliveries = new AdminDeliveriesServlet(grading.deliveries(), grading.worker(), registrations, templates);
    }

    /** {@code /lti/register}: the LMS's dynamic registration initiation. */
    public HttpServlet dynamicRegistration() {
        return dynamicRegistration;
    }

    /** {@code /lti-config/*}: the tool's configuration files for manual set-up. */
    public HttpServlet toolConfiguration() {
        return toolConfiguration;
    }

    /** {@code /admin/*}: the admin console. */
    public HttpServlet console() {
        return console;
    }

    /** {@code /admin/api/*}: the console's script API. */
    public HttpServlet api() {
        return api;
    }

    /** {@code /admin/deliveries}: every institution's grade deliveries (never reachable from a launch). */
    public HttpServlet deliveries() {
        return deliveries;
    }

    /** On {@code /error} for the ERROR dispatch: a 401 keeps its BASIC challenge on the tool's error page. */
    public HttpFilter authChallenge() {
        return new AuthChallengeFilter();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {health, registrationClient}) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
