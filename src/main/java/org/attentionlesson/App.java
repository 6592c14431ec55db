package org.attentionlesson;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.attentionlesson.admin.AdminModule;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.deeplinking.DeepLinkingModule;
import org.attentionlesson.devplatform.DevPlatform;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.instructor.InstructorModule;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.lesson.AttemptStore;
import org.attentionlesson.lesson.LessonModule;
import org.attentionlesson.lesson.ServletContextContentSource;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lti.JwksServlet;
import org.attentionlesson.lti.LaunchContexts;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lti.LaunchService;
import org.attentionlesson.lti.LaunchServlet;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.LaunchTokens;
import org.attentionlesson.lti.LaunchValidator;
import org.attentionlesson.lti.LoginServlet;
import org.attentionlesson.lti.OidcLogin;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.RegistrationSourceStore;
import org.attentionlesson.lti.RegistrationSources;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.lti.RegistrationsFile;
import org.attentionlesson.lti.ToolKeys;
import org.attentionlesson.lti.ToolSecrets;
import org.attentionlesson.nrps.NrpsModule;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.outbound.OutboundPolicy;
import org.attentionlesson.outbound.ServiceOrigins;
import org.attentionlesson.store.DataDirectory;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Config;
import org.attentionlesson.web.ErrorBoundary;
import org.attentionlesson.web.ErrorServlet;
import org.attentionlesson.web.FaviconServlet;
import org.attentionlesson.web.HealthServlet;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.SecurityHeaders;
import org.attentionlesson.web.Settings;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the web application's listener (web.xml) builds every module with explicit constructor
 * arguments, in dependency order, maps every URL ({@link Routes}) and stops what it started in reverse
 * ({@link Lifecycle}): the grade worker drains before the database closes. No module knows this class.
 */
public final class App implements ServletContextListener {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Lifecycle lifecycle = new Lifecycle();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            start(event.getServletContext());
        } catch (RuntimeException e) {
            log.error("The tool could not start: {}", e.getMessage(), e);
            lifecycle.stop(); // what did start (the pool, the clients) stops again
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        log.info("Stopping: {}", String.join(", ", lifecycle.stopOrder()));
        lifecycle.stop();
    }

    private void start(ServletContext servletContext) {
        Config config = Config.load(servletContext::getInitParameter);
        Settings settings = config.settings();
        Clock clock = Clock.systemUTC();
        log.info("Starting: {}", config.describe());

        // Storage: the data folder (0700), the pool with the schema migrated, the database files (0600).
        Optional<Path> h2Folder = config.h2Folder();
        h2Folder.ifPresent(DataDirectory::prepare); // refuses to start when it cannot
        Database db = lifecycle.add(
                "database",
                new Database(
                        Lifecycle.keepH2OpenUntilClosed(config.jdbcUrl()),
                        config.jdbcUser(),
                        config.jdbcPassword(),
                        config.usesPostgres() ? 16 : 10));
        h2Folder.ifPresent(DataDirectory::tightenNewFiles);

        // Registrations, the tool's keys, and the outbound policy every call to a platform goes through.
        Registrations registrations = new Registrations(db, clock);
        PlatformOrigins platformOrigins = new PlatformOrigins(db, registrations, clock);
        ToolKeys toolKeys = new ToolKeys(db, clock);
        OutboundPolicy outbound = lifecycle.add(
                "outbound policy",
                OutboundPolicy.fromSettings(
                        config.devMode(),
                        settings.text("attention.outbound.allowPrivateNetworks"),
                        settings.text("attention.outbound.allowHttp")));
        log.info("Outbound policy: {}", outbound.describe());
        // A launch's service URLs must be on an origin the registration declared: the admin's LMS addresses and
        // the addresses its registration (dynamic or file) named.
        RegistrationSources registrationSources = new RegistrationSources(new RegistrationSourceStore(db), clock);
        ServiceOrigins serviceOrigins = new ServiceOrigins(clock, id -> {
            List<String> declared = new ArrayList<>(platformOrigins.stored(id, PlatformOrigins.ADMIN));
            declared.addAll(registrationSources.declaredAddresses(id));
            return declared;
        });
        registrations.onChange(serviceOrigins::forgetAll);
        // One client for platform services (token endpoint, AGS, NRPS) within the attention.ags.* limits.
        OutboundHttp services = lifecycle.add(
                "platform service client",
                outbound.client(
                        settings.millis("attention.ags.connectTimeoutMillis"),
                        settings.millis("attention.ags.timeoutMillis"),
                        settings.integer("attention.ags.maxReplyBytes"),
                        "AttentionLessonLTI/0.1 (+" + config.baseUrl() + ")",
                        2 * settings.integer("attention.grading.concurrency")));
        PlatformHttp platformHttp = new PlatformHttp(services, serviceOrigins);
        PlatformKeys.Settings keySettings = new PlatformKeys.Settings(
                settings.seconds("attention.jwksCacheSeconds"),
                settings.seconds("attention.jwksMinRefetchSeconds"),
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                256 * 1024);
        OutboundHttp jwksClient = lifecycle.add(
                "platform JWKS client",
                outbound.client(
                        keySettings.httpTimeout(),
                        keySettings.httpTimeout(),
                        keySettings.maxBytes(),
                        "attention-lesson-lti/1.0 (keys)",
                        8));
        PlatformKeys platformKeys = new PlatformKeys(keySettings, jwksClient.resourceRetriever());

        // Launches (docs/lti.md): login, id_token validation, the stored launch and the page's launch token.
        // The class page's counts per link, reused a few seconds by each node (docs/adr/0003-class-summaries.md).
        Duration classSummaries = Duration.ofSeconds(settings.longValue("attention.classSummarySeconds"));
        LaunchContexts launchContexts = new LaunchContexts(db, classSummaries);
        LaunchTokens launchTokens =
                new LaunchTokens(ToolSecrets.get(db, clock, "launch-token"), clock, config.launchTokenLifetime());
        LaunchSession launchSession = new LaunchSession(launchTokens, launchContexts);
        Templates templates = new Templates(new Messages());
        Duration pendingLifetime = Duration.ofDays(settings.longValue("attention.pendingRegistrationDays"));
        purgePending(registrations, clock, pendingLifetime);
        config.registrationsFile()
                .ifPresent(file -> log.info(
                        "Loaded {} registrations from {}",
                        RegistrationsFile.load(file, registrations, platformOrigins),
                        file));
        OidcLogin login = new OidcLogin(config, db, registrations, clock);
        LaunchValidator validator = new LaunchValidator(config, db, registrations, platformKeys, login, clock);
        LaunchService launchService = new LaunchService(db, registrations, launchContexts, launchTokens, clock);
        launchService.addListener(platformOrigins::learn, platformOrigins::mayLearn);

        // Each response's frame-ancestors and form-action name only the platform it serves (SecurityHeaders).
        PlatformOfRequest platformOf = new PlatformOfRequest(launchSession, launchContexts, registrations);
        ErrorBoundary boundary = new ErrorBoundary(
                templates,
                new SecurityHeaders(platformOrigins::frameOrigins, platformOf::ofPage).onRefusal(platformOf::ofRefused),
                settings.longValue("attention.maxRequestKb") * 1024);

        // Features, each given what it needs. Content is read and checked once (a broken file stops start-up).
        // lesson reports attempts and grading listens (and gives the exercise its rules); admin and instructor read
        // deliveries through grading's API; launch facts come from lti's.
        LessonCatalog catalog = new ContentLoader(new ServletContextContentSource(servletContext)).load();
        LaunchFacts launchFacts = new LaunchFacts(launchContexts, db);
        AttemptStore attempts = new AttemptStore(db, classSummaries);
        GradingModule grading = lifecycle.add(
                "grade worker",
                new GradingModule(
                        db,
                        clock,
                        registrations,
                        platformHttp,
                        toolKeys::signingKey,
                        launchSession,
                        templates.messages(),
                        config.nodeName(),
                        GradingModule.Tuning.from(settings),
                        launchFacts,
                        new AttemptScores(attempts)));
        LessonModule lesson = new LessonModule(
                db,
                clock,
                catalog,
                launchSession,
                templates,
                settings,
                attempts,
                launchFacts,
                grading.settings().activityRules(),
                grading.events());
        NrpsModule nrps = new NrpsModule(platformHttp, grading.tokens(), registrations, clock, settings);
        InstructorModule instructor = new InstructorModule(
                db,
                catalog,
                launchSession,
                templates,
                nrps.roster(),
                grading,
                launchContexts.learners(),
                attempts.records());
        DeepLinkingModule deepLinking = new DeepLinkingModule(
                db,
                clock,
                toolKeys::signingKey,
                launchSession,
                templates,
                registrations,
                config.url("/lti/launch"),
                grading.settings());
        launchService.addListener(deepLinking.launchBinding());
        AdminModule admin = lifecycle.add(
                "admin clients",
                new AdminModule(
                        config.baseUrl(),
                        config.autoApproveRegistrations(),
                        db,
                        clock,
                        registrations,
                        platformOrigins,
                        platformKeys,
                        toolKeys,
                        outbound,
                        templates,
                        grading,
                        settings,
                        launchFacts,
                        registrationSources));
        DevPlatform dev = !config.devMode()
                ? null
                : new DevPlatform(
                        config.baseUrl(),
                        config.url("/.well-known/jwks.json"),
                        settings.integer("attention.dev.courseSize"),
                        clock,
                        templates,
                        registrations,
                        platformOrigins,
                        platformKeys);

        Map<String, BooleanSupplier> health = new LinkedHashMap<>();
        health.put("database", db::isReachable);
        health.put("keys", toolKeys::loaded);
        if (grading.runsWorker()) {
            health.put("gradeWorker", grading.worker()::healthy);
        }
        boolean secureCookies = true; // SameSite=None requires Secure; browsers accept it on http://localhost
        Routes.Core core = new Routes.Core(
                boundary,
                new ErrorServlet(boundary),
                new LoginServlet(login, secureCookies, templates),
                new LaunchServlet(validator, launchService, secureCookies, templates),
                new JwksServlet(toolKeys),
                new HealthServlet(health),
                new FaviconServlet());
        new Routes(servletContext).map(core, lesson, grading, instructor, deepLinking, admin, dev);

        grading.start();
        lifecycle.add(
                "housekeeping",
                housekeeping(
                        config, settings, clock, login, launchService, launchContexts, registrations, pendingLifetime));
        log.info("Ready at {}", config.baseUrl());
    }

    /**
     * Every {@code attention.housekeepingSeconds}: expired login states, used nonces past any token's life, launch
     * contexts nothing needs, registrations nobody approved in time. Stopped (and waited for) before the database.
     */
    private static AutoCloseable housekeeping(
            Config config,
            Settings settings,
            Clock clock,
            OidcLogin login,
            LaunchService launchService,
            LaunchContexts launchContexts,
            Registrations registrations,
            Duration pendingLifetime) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attention-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long every = settings.longValue("attention.housekeepingSeconds");
        Duration keepLaunches = Duration.ofHours(settings.longValue("attention.launchContextRetentionHours"));
        if (keepLaunches.compareTo(config.launchTokenLifetime()) < 0) {
            keepLaunches = config.launchTokenLifetime(); // a page's launch token must still find its context
        }
        if (keepLaunches.compareTo(config.loginStateLifetime()) < 0) {
            // A sealed state's launch context is what marks it used (docs/adr/0006-sealed-states.md): it must outlive
            // the state.
            keepLaunches = config.loginStateLifetime();
        }
        Duration launchRetention = keepLaunches;
        Duration keepNonces = Duration.ofDays(1);
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        registrations.refreshVersion(); // logins see other nodes' changes within a round
                        int states = login.purgeExpired();
                        int nonces = launchService.purgeOldNonces(keepNonces);
                        purgePending(registrations, clock, pendingLifetime);
                        int launches =
                                launchContexts.purgeOlderThan(clock.instant().minus(launchRetention));
                        if (states + nonces + launches > 0) {
                            log.debug(
                                    "Housekeeping purged {} login states, {} used nonces, {} launch contexts",
                                    states,
                                    nonces,
                                    launches);
                        }
                    } catch (RuntimeException e) {
                        log.warn("Housekeeping failed: {}", e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.SECONDS);
        return () -> {
            scheduler.shutdown(); // a round in progress finishes; none starts
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        };
    }

    /** Registrations nobody approved within {@code attention.pendingRegistrationDays} go. */
    private static void purgePending(Registrations registrations, Clock clock, Duration lifetime) {
        int purged = registrations.purgePending(clock.instant().minus(lifetime));
        if (purged > 0) {
            log.info("Removed {} registrations pending approval for more than {} days", purged, lifetime.toDays());
        }
    }
}
