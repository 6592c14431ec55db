package org.attentionlesson.admin;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.time.Duration;
import java.util.EnumSet;
import org.attentionlesson.App;
import org.attentionlesson.devplatform.registration.DevRegistration;
import org.attentionlesson.lti.DynamicRegistration;
import org.attentionlesson.lti.DynamicRegistrationServlet;
import org.attentionlesson.lti.ToolConfiguration;
import org.attentionlesson.lti.ToolConfigurationServlet;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.web.RateLimit;

/**
 * Wires what an LMS admin uses: the dynamic registration URL, the {@code lti-config/} files, the admin console and
 * its script API (web.xml restricts {@code /admin/*} to the role {@code lti-admin}), and in dev mode the dev LMS's
 * dynamic registration side.
 */
public final class AdminModule {
    private AdminModule() {
    }

    public static void install(App app) {
        ToolConfiguration tool = new ToolConfiguration(app.config().baseUrl());
        DynamicRegistration.Settings drSettings = new DynamicRegistration.Settings(
                Duration.ofSeconds(Long.parseLong(app.param("attention.registrationConnectSeconds", "5"))),
                Duration.ofSeconds(Long.parseLong(app.param("attention.registrationTimeoutSeconds", "10"))),
                Integer.parseInt(app.param("attention.registrationMaxKb", "256")) * 1024,
                app.outbound().allowsHttp(),
                app.config().autoApproveRegistrations());
        OutboundHttp drClient = app.outbound().client(drSettings.connectTimeout(), drSettings.requestTimeout(),
                drSettings.maxBytes(), DynamicRegistration.USER_AGENT, 8);
        app.onShutdown(drClient);
        DynamicRegistration registration = new DynamicRegistration(app.db(), app.registrations(), tool, drSettings,
                app.clock(), drClient).limitPending(Integer.parseInt(app.param("attention.maxPendingRegistrations", "20")),
                app.platformOrigins());
        RateLimit registrationLimit = new RateLimit(
                Integer.parseInt(app.param("attention.registrationAttemptsPerMinute", "5")), Duration.ofMinutes(1),
                app.clock());
        app.addServlet("dynamicRegistration", new DynamicRegistrationServlet(registration, tool, app.templates(),
                registrationLimit), "/lti/register");
        app.addServlet("toolConfiguration", new ToolConfigurationServlet(tool, app.templates()), "/lti-config/*");

        RegistrationHealth health = new RegistrationHealth(app.db(), app.clock(), app.outbound());
        app.onShutdown(health);
        // attention.keyRotationGraceSeconds, when set, overrides the minutes (tests that rotate under load in seconds).
        String graceSeconds = app.param("attention.keyRotationGraceSeconds", "");
        Duration grace = graceSeconds.isEmpty()
                ? Duration.ofMinutes(Long.parseLong(app.param("attention.keyRotationGraceMinutes", "60")))
                : Duration.ofSeconds(Long.parseLong(graceSeconds));
        KeyRotation keyRotation = new KeyRotation(app.toolKeys(), grace,
                Duration.ofHours(Long.parseLong(app.param("attention.keyRetentionHours", "48"))));
        RegistrationAdmin registrationAdmin = new RegistrationAdmin(app.db(), app.registrations(),
                app.registrationSources(), app.platformOrigins(), app.platformKeys(), health);
        app.addServlet("adminConsole", new AdminConsoleServlet(registrationAdmin, keyRotation, tool, app.templates()),
                "/admin/*");
        app.addServlet("adminApi", new AdminApiServlet(app.registrations(), health, keyRotation, app.config().baseUrl()),
                "/admin/api/*");
        FilterRegistration.Dynamic challenge = app.servletContext().addFilter("authChallenge", new AuthChallengeFilter());
        challenge.addMappingForUrlPatterns(EnumSet.of(DispatcherType.ERROR), true, "/error");

        if (app.config().devMode()) {
            DevRegistration.install(app);
        }
    }
}
