package org.attentionlesson;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.devplatform.DevPlatform;
import org.attentionlesson.lesson.LessonModule;
import org.attentionlesson.lti.JwksServlet;
import org.attentionlesson.lti.LaunchContexts;
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
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.outbound.OutboundPolicy;
import org.attentionlesson.outbound.ServiceOrigins;
import org.attentionlesson.store.DataDirectory;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Config;
import org.attentionlesson.web.ErrorBoundary;
import org.attentionlesson.web.ErrorServlet;
import org.attentionlesson.web.HealthServlet;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.SecurityHeaders;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the whole object graph by hand at start-up and registers every servlet. One place to read to see how
 * the tool fits together.
 */
public final class App implements ServletContextListener {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private ServletContext servletContext;
    private Config config;
    private Clock clock;
    private Database db;
    private Registrations registrations;
    private ToolKeys toolKeys;
    private PlatformKeys platformKeys;
    private OutboundPolicy outbound;
    private ServiceOrigins serviceOrigins;
    private RegistrationSources registrationSources;
    private PlatformHttp platformHttp;
    private LaunchContexts launchContexts;
    private LaunchSession launchSession;
    private LaunchService launchService;
    private Templates templates;
    private ScheduledExecutorService scheduler;
    private PlatformOrigins platformOrigins;
    private final Map<String, BooleanSupplier> healthChecks = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        servletContext = event.getServletContext();
        try {
            start();
        } catch (RuntimeException e) {
            log.error("The tool could not start: {}", e.getMessage(), e);
            throw e;
        }
    }

    private void start() {
        config = Config.load(servletContext::getInitParameter);
        clock = Clock.systemUTC();
        log.info("Starting: {}", config.describe());
        java.util.Optional<java.nio.file.Path> h2Folder = config.h2Folder();
        h2Folder.ifPresent(DataDirectory::prepare); // 0700, created so or tightened; refuses to start when it cannot
        db = new Database(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.usesPostgres() ? 16 : 10);
        closeables.add(db);
        h2Folder.ifPresent(DataDirectory::tighten); // the database files H2 just created: 0600

        registrations = new Registrations(db, clock);
        platformOrigins = new PlatformOrigins(db, registrations, clock);
        toolKeys = new ToolKeys(db, clock);
        startOutbound();
        PlatformKeys.Settings keySettings = new PlatformKeys.Settings(
                Duration.ofSeconds(Long.parseLong(param("attention.jwksCacheSeconds", "300"))),
                Duration.ofSeconds(Long.parseLong(param("attention.jwksMinRefetchSeconds", "30"))),
                Duration.ofHours(24), Duration.ofSeconds(5), 256 * 1024);
        OutboundHttp jwksClient = outbound.client(keySettings.httpTimeout(), keySettings.httpTimeout(),
                keySettings.maxBytes(), "attention-lesson-lti/1.0 (keys)", 8);
        closeables.add(0, jwksClient);
        platformKeys = new PlatformKeys(keySettings, jwksClient.resourceRetriever());
        launchContexts = new LaunchContexts(db);
        LaunchTokens launchTokens = new LaunchTokens(ToolSecrets.get(db, clock, "launch-token"), clock,
                config.launchTokenLifetime());
        launchSession = new LaunchSession(launchTokens, launchContexts);
        templates = new Templates(new Messages());

        // Registrations nobody approved within attention.pendingRegistrationDays go, now and on every housekeeping round.
        Duration pendingLifetime = Duration.ofDays(Long.parseLong(param("attention.pendingRegistrationDays", "7")));
        purgePending(pendingLifetime);
        if (config.registrationsFile().isPresent()) {
            int n = RegistrationsFile.load(config.registrationsFile().get(), registrations, platformOrigins);
            log.info("Loaded {} registrations from {}", n, config.registrationsFile().get());
        }

        // Each response's frame-ancestors and form-action name only the platform it serves (SecurityHeaders).
        ErrorBoundary boundary = new ErrorBoundary(templates, new SecurityHeaders(platformOrigins::frameOrigins,
                this::platformOfRequest).onRefusal(this::platformOfRefusedRequest),
                Long.parseLong(param("attention.maxRequestKb", "1024")) * 1024);
        FilterRegistration.Dynamic f = servletContext.addFilter("errorBoundary", boundary);
        f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        addServlet("error", new ErrorServlet(boundary), "/error");

        boolean secureCookies = true; // SameSite=None requires Secure; browsers accept it on http://localhost
        OidcLogin login = new OidcLogin(config, db, registrations, clock);
        LaunchValidator validator = new LaunchValidator(config, db, registrations, platformKeys, login, clock);
        launchService = new LaunchService(db, registrations, launchContexts, launchTokens, clock);
        launchService.addListener(platformOrigins::learn);
        addServlet("login", new LoginServlet(login, secureCookies, templates), "/lti/login");
        addServlet("launch", new LaunchServlet(validator, launchService, secureCookies, templates), "/lti/launch",
                "/lti/launch/confirm");
        addServlet("jwks", new JwksServlet(toolKeys), "/.well-known/jwks.json");

        healthChecks.put("database", db::isReachable);
        healthChecks.put("keys", toolKeys::loaded);
        addServlet("health", new HealthServlet(healthChecks), "/health");
        addServlet("favicon", new org.attentionlesson.web.FaviconServlet(), "/favicon.ico");

        LessonModule.install(this);
        org.attentionlesson.grading.GradingModule.install(this);
        org.attentionlesson.admin.AdminModule.install(this);
        org.attentionlesson.deeplinking.DeepLinkingModule.install(this);
        org.attentionlesson.instructor.InstructorModule.install(this);

        if (config.devMode()) {
            DevPlatform.install(this);
        }

        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attention-housekeeping");
            t.setDaemon(true);
            return t;
        });
        // Housekeeping: expired login states, used nonces past any token's life, launch contexts nothing needs.
        long every = Long.parseLong(param("attention.housekeepingSeconds", "60"));
        Duration keepLaunches = Duration.ofHours(Long.parseLong(param("attention.launchContextRetentionHours", "24")));
        Duration keepNonces = Duration.ofDays(1);
        if (keepLaunches.compareTo(config.launchTokenLifetime()) < 0) {
            keepLaunches = config.launchTokenLifetime(); // a page's launch token must still find its context
        }
        Duration launchRetention = keepLaunches;
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int states = login.purgeExpired();
                int nonces = launchService.purgeOldNonces(keepNonces);
                purgePending(pendingLifetime);
                int launches = launchContexts.purgeOlderThan(clock.instant().minus(launchRetention));
                if (states + nonces + launches > 0) {
                    log.debug("Housekeeping purged {} login states, {} used nonces, {} launch contexts", states, nonces,
                            launches);
                }
            } catch (RuntimeException e) {
                log.warn("Housekeeping failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.SECONDS);
        log.info("Ready at {}", config.baseUrl());
    }

    /**
     * The outbound policy every call for a platform goes through, the registrations' declared origins, and the
     * service client shared by AGS and NRPS ({@code attention.ags.*} limits).
     */
    private void startOutbound() {
        outbound = OutboundPolicy.fromSettings(config.devMode(), param("attention.outbound.allowPrivateNetworks", ""),
                param("attention.outbound.allowHttp", ""));
        closeables.add(outbound);
        log.info("Outbound policy: {}", outbound.describe());
        registrationSources = new RegistrationSources(new RegistrationSourceStore(db), clock);
        serviceOrigins = new ServiceOrigins(clock, id -> {
            List<String> declared = new ArrayList<>(platformOrigins.stored(id, PlatformOrigins.ADMIN));
            declared.addAll(registrationSources.declaredAddresses(id));
            return declared;
        });
        registrations.onChange(() -> serviceOrigins.forgetAll());
        Duration timeout = Duration.ofMillis(Long.parseLong(param("attention.ags.timeoutMillis", "10000")));
        OutboundHttp services = outbound.client(
                Duration.ofMillis(Long.parseLong(param("attention.ags.connectTimeoutMillis", "5000"))), timeout,
                Integer.parseInt(param("attention.ags.maxReplyBytes", String.valueOf(1024 * 1024))),
                "AttentionLessonLTI/0.1 (+" + config.baseUrl() + ")",
                2 * Integer.parseInt(param("attention.grading.concurrency", "16")));
        closeables.add(0, services);
        platformHttp = new PlatformHttp(services, serviceOrigins);
    }

    private void purgePending(Duration lifetime) {
        int purged = registrations.purgePending(clock.instant().minus(lifetime));
        if (purged > 0) {
            log.info("Removed {} registrations pending approval for more than {} days", purged, lifetime.toDays());
        }
    }

    /** The registration a page serves, from its signed launch token ({@code lt}); the launch and login name theirs. */
    private java.util.OptionalLong platformOfRequest(jakarta.servlet.http.HttpServletRequest req) {
        String token = req.getParameter(LaunchSession.PARAM);
        if (token == null || token.isBlank() || token.length() > 4096) {
            return java.util.OptionalLong.empty();
        }
        return launchSession.tokens().check(token).flatMap(launchContexts::find)
                .map(l -> java.util.OptionalLong.of(l.registrationId())).orElse(java.util.OptionalLong.empty());
    }

    /**
     * The registration a refused launch or login names (unverified: the error page only says what went wrong, and
     * only that registration's LMS may frame it): the id_token's {@code iss} and {@code aud}, or the login's
     * {@code iss} and {@code client_id}.
     */
    private java.util.OptionalLong platformOfRefusedRequest(jakarta.servlet.http.HttpServletRequest req) {
        String path = req.getServletPath();
        String issuer = null;
        String clientId = null;
        if ("/lti/launch".equals(path) && req.getParameter("id_token") != null
                && req.getParameter("id_token").length() < 20_000) {
            try {
                com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.JWTParser.parse(req.getParameter("id_token"))
                        .getJWTClaimsSet();
                issuer = claims.getIssuer();
                clientId = claims.getAudience() != null && claims.getAudience().size() == 1
                        ? claims.getAudience().get(0) : null;
            } catch (java.text.ParseException e) {
                return java.util.OptionalLong.empty();
            }
        } else if ("/lti/login".equals(path)) {
            issuer = req.getParameter("iss");
            clientId = req.getParameter("client_id");
        }
        if (issuer == null || clientId == null || issuer.length() > 1000 || clientId.length() > 255) {
            return java.util.OptionalLong.empty();
        }
        return registrations.find(issuer, clientId).map(r -> java.util.OptionalLong.of(r.id()))
                .orElse(java.util.OptionalLong.empty());
    }

    /** Registers a servlet instance under the given URL patterns. */
    public ServletRegistration.Dynamic addServlet(String name, Servlet servlet, String... patterns) {
        ServletRegistration.Dynamic reg = servletContext.addServlet(name, servlet);
        reg.addMapping(patterns);
        return reg;
    }

    /** A setting not modelled in {@link Config}, looked up in the same order: system property, environment, context. */
    public String param(String key, String fallback) {
        String v = System.getProperty(key);
        if (v == null) {
            v = System.getenv(Config.envName(key));
        }
        if (v == null) {
            v = servletContext.getInitParameter(key);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public void addHealthCheck(String name, BooleanSupplier check) {
        healthChecks.put(name, check);
    }

    public void onShutdown(AutoCloseable closeable) {
        closeables.add(0, closeable);
    }

    public ServletContext servletContext() {
        return servletContext;
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Database db() {
        return db;
    }

    /** Each registration's LMS origins (its browser policy). */
    public PlatformOrigins platformOrigins() {
        return platformOrigins;
    }

    public Registrations registrations() {
        return registrations;
    }

    public ToolKeys toolKeys() {
        return toolKeys;
    }

    public PlatformKeys platformKeys() {
        return platformKeys;
    }

    /** The outbound request policy: build every client that calls a platform from it. */
    public OutboundPolicy outbound() {
        return outbound;
    }

    /** Where each registration came from (console, dynamic registration, file). */
    public RegistrationSources registrationSources() {
        return registrationSources;
    }

    /** The origins each registration declared (service URLs from launches must be on one of them). */
    public ServiceOrigins serviceOrigins() {
        return serviceOrigins;
    }

    /**
     * The client for platform services (token endpoint, AGS, NRPS): use
     * {@link PlatformHttp#send(PlatformRegistration, String, java.net.http.HttpRequest.Builder)} for URLs a launch gave.
     */
    public PlatformHttp platformHttp() {
        return platformHttp;
    }

    public LaunchContexts launchContexts() {
        return launchContexts;
    }

    /** Features register {@link LaunchService#addListener} here to act inside each launch's transaction. */
    public LaunchService launchService() {
        return launchService;
    }

    public LaunchSession launchSession() {
        return launchSession;
    }

    public Templates templates() {
        return templates;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Shutdown of {} failed: {}", c, e.getMessage());
            }
        }
    }
}
