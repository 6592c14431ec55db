package org.attentionlesson.lti;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.attentionlesson.outbound.LogText;
import org.attentionlesson.outbound.OutboundException;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LTI Dynamic Registration 1.0 (docs/lti.md §8): reads the platform's OpenID configuration, posts our client
 * registration to its registration endpoint, and stores the registration with its deployment in one
 * transaction. Every failure is a {@link DynamicRegistrationException}; nothing is stored unless all succeeded.
 * The registration token is sent to the platform and never logged.
 */
public final class DynamicRegistration {
    private static final Logger log = LoggerFactory.getLogger(DynamicRegistration.class);
    public static final String USER_AGENT = "attention-lesson-lti/1.0 (dynamic registration)";

    private final Database db;
    private final RegistrationSourceStore sources;
    private final Registrations registrations;
    private final ToolConfiguration tool;
    private final Settings settings;
    private final Clock clock;
    private final OutboundHttp http;
    private volatile int maxPending = Integer.MAX_VALUE;
    private volatile PlatformOrigins origins;

    /**
     * @param allowLoopbackHttp the outbound policy allows plain http (dev mode): a platform on this machine may use it
     * @param approveAtOnce new registrations are ACTIVE (else PENDING until an admin approves)
     */
    public record Settings(
            Duration connectTimeout,
            Duration requestTimeout,
            int maxBytes,
            boolean allowLoopbackHttp,
            boolean approveAtOnce) {}

    /** What a finished registration stored. */
    public record Outcome(
            PlatformRegistration registration,
            Optional<Deployment> deployment,
            PlatformConfiguration platform,
            String grantedScope) {}

    /**
     * @param http the outbound policy's client with this feature's limits (connect timeout, deadline, size); it
     *             follows no redirect (one could lead past the issuer check) and refuses private addresses
     */
    public DynamicRegistration(
            Database db,
            Registrations registrations,
            ToolConfiguration tool,
            Settings settings,
            Clock clock,
            OutboundHttp http) {
        this.db = db;
        this.sources = new RegistrationSourceStore(db);
        this.registrations = registrations;
        this.tool = tool;
        this.settings = settings;
        this.clock = clock;
        this.http = http;
    }

    /**
     * Caps the registrations waiting for approval (new ones are refused with {@code DR_PENDING_LIMIT} while the cap is
     * reached) and records where each registration came from in {@code origins} (its LMS addresses).
     */
    public DynamicRegistration limitPending(int max, PlatformOrigins origins) {
        this.maxPending = max;
        this.origins = origins;
        return this;
    }

    public Outcome register(String openidConfiguration, String registrationToken) {
        return register(openidConfiguration, registrationToken, null);
    }

    /**
     * @param pageOrigin the origin of the LMS page that opened the registration (its {@code Referer}), or null; kept
     *     with the configuration URL's origin as the registration's LMS addresses
     */
    public Outcome register(String openidConfiguration, String registrationToken, String pageOrigin) {
        checkPendingCap();
        URI configUrl = configurationUrl(openidConfiguration);
        String token = registrationToken == null || registrationToken.isBlank() ? null : registrationToken.trim();
        PlatformConfiguration platform = fetchConfiguration(configUrl, token);
        checkIssuer(configUrl, platform);
        for (URI endpoint : new URI[] {
            platform.authorizationEndpoint(),
            platform.jwksUri(),
            platform.registrationEndpoint(),
            platform.tokenEndpoint()
        }) {
            if (endpoint != null && !acceptableScheme(endpoint)) {
                throw DynamicRegistrationException.Reason.ENDPOINT_INSECURE.exception(
                        "The platform's endpoint " + clip(endpoint.toString()) + " is not an https address.");
            }
        }
        JsonNode reply = postRegistration(platform, token);
        return store(configUrl, platform, reply, pageOrigin);
    }

    /** Nothing is fetched, and nothing stored, while the pending registrations are at their cap. */
    private void checkPendingCap() {
        if (!settings.approveAtOnce() && registrations.countPending() >= maxPending) {
            log.warn("Dynamic registration refused: {} registrations are pending approval (the cap)", maxPending);
            throw DynamicRegistrationException.Reason.PENDING_LIMIT.exception(null);
        }
    }

    // ---- step 1: the configuration URL ----

    private URI configurationUrl(String value) {
        if (value == null || value.isBlank()) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_MISSING.exception(null);
        }
        URI u;
        try {
            u = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_INVALID.exception(
                    "The openid_configuration value is not a URL: " + clip(value) + ".");
        }
        if (!u.isAbsolute()
                || u.getHost() == null
                || u.getUserInfo() != null
                || !("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_INVALID.exception(
                    "The openid_configuration value is not an absolute http(s) URL: " + clip(value) + ".");
        }
        if (!acceptableScheme(u)) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_INSECURE.exception(
                    "The platform's configuration address "
                            + clip(value)
                            + " is not https. Registration needs https (plain http is accepted only for a "
                            + "platform on this machine in dev mode).");
        }
        return u;
    }

    /** https, or http to a loopback address when dev mode allows it. */
    boolean acceptableScheme(URI u) {
        if ("https".equalsIgnoreCase(u.getScheme())) {
            return true;
        }
        return settings.allowLoopbackHttp()
                && "http".equalsIgnoreCase(u.getScheme())
                && RegistrationAddresses.isLoopback(u.getHost());
    }

    // ---- step 2: the platform's configuration ----

    private PlatformConfiguration fetchConfiguration(URI configUrl, String token) {
        List<String> headers = new ArrayList<>(List.of("Accept", "application/json"));
        if (token != null) {
            headers.addAll(List.of("Authorization", "Bearer " + token)); // Canvas insists on it (docs/lti.md §8)
        }
        // The caller is anonymous: whatever went wrong (nothing listening, not TLS, TLS with something else behind
        // it, a refused address, a slow or huge or non-JSON answer, any status but 200), the answer is the same,
        // so /lti/register cannot be used to map what answers where. The reason goes to the log only.
        OutboundHttp.Response reply;
        try {
            reply = http.exchange(OutboundHttp.Request.get(configUrl, headers.toArray(String[]::new)));
        } catch (OutboundException e) {
            throw configUnavailable(configUrl, e.getMessage());
        }
        if (reply.status() != 200) {
            throw configUnavailable(configUrl, "HTTP " + reply.status());
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw configUnavailable(configUrl, "not a JSON object");
        }
        return PlatformConfiguration.parse(json);
    }

    private static DynamicRegistrationException configUnavailable(URI configUrl, String why) {
        log.info(
                "Dynamic registration: no configuration from {}: {}",
                LogText.neutral(RegistrationAddresses.origin(configUrl), 200),
                LogText.neutral(why, 200));
        return DynamicRegistrationException.Reason.CONFIG_UNREACHABLE.exception(null);
    }

    /** The issuer must be https and the configuration URL must sit under it (LTI DR 1.0 §3.5.1). */
    private void checkIssuer(URI configUrl, PlatformConfiguration platform) {
        URI issuer;
        try {
            issuer = new URI(platform.issuer());
        } catch (URISyntaxException e) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception(
                    "The platform's issuer " + clip(platform.issuer()) + " is not a URL.");
        }
        if (!issuer.isAbsolute()
                || issuer.getHost() == null
                || issuer.getQuery() != null
                || issuer.getFragment() != null) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception(
                    "The platform's issuer " + clip(platform.issuer()) + " is not an absolute URL without query.");
        }
        if (!acceptableScheme(issuer)) {
            throw DynamicRegistrationException.Reason.ENDPOINT_INSECURE.exception(
                    "The platform's issuer " + clip(platform.issuer()) + " is not an https address.");
        }
        boolean sameOrigin = issuer.getScheme().equalsIgnoreCase(configUrl.getScheme())
                && issuer.getHost().equalsIgnoreCase(configUrl.getHost())
                && RegistrationAddresses.effectivePort(issuer) == RegistrationAddresses.effectivePort(configUrl);
        if (!sameOrigin) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception("The platform says its issuer is "
                    + clip(platform.issuer()) + ", but its configuration came from "
                    + clip(RegistrationAddresses.origin(configUrl))
                    + ". The configuration address must be on the issuer's own site.");
        }
    }

    // ---- step 3: our client registration ----

    private JsonNode postRegistration(PlatformConfiguration platform, String token) {
        byte[] body = Json.write(tool.clientRegistration(platform.scopesSupported(), platform.messagesSupported()))
                .getBytes(StandardCharsets.UTF_8);
        List<String> headers =
                new ArrayList<>(List.of("Content-Type", "application/json", "Accept", "application/json"));
        if (token != null) {
            headers.addAll(List.of("Authorization", "Bearer " + token));
        }
        // As for the configuration: one answer for every failure, the platform's own words in the log only.
        OutboundHttp.Response reply;
        try {
            reply = http.exchange(
                    OutboundHttp.Request.post(platform.registrationEndpoint(), body, headers.toArray(String[]::new)));
        } catch (OutboundException e) {
            throw registrationFailed(platform, e.getMessage());
        }
        if (reply.status() != 200 && reply.status() != 201) {
            throw registrationFailed(
                    platform, "HTTP " + reply.status() + ": " + new String(reply.body(), StandardCharsets.UTF_8));
        }
        try {
            JsonNode json = Json.MAPPER.readTree(reply.body());
            if (json == null || !json.isObject()) {
                throw new IOException("not an object");
            }
            return json;
        } catch (IOException e) {
            throw registrationFailed(platform, "the answer is not a JSON object");
        }
    }

    private static DynamicRegistrationException registrationFailed(PlatformConfiguration platform, String why) {
        log.info(
                "Dynamic registration: the registration endpoint of {} did not accept us: {}",
                LogText.neutral(RegistrationAddresses.origin(platform.registrationEndpoint()), 200),
                LogText.neutral(why, 600));
        return DynamicRegistrationException.Reason.REGISTRATION_REJECTED.exception(null);
    }

    // ---- step 4: store ----

    private Outcome store(URI configUrl, PlatformConfiguration platform, JsonNode reply, String pageOrigin) {
        String clientId = reply.path("client_id").isTextual()
                ? reply.path("client_id").asText()
                : reply.path("client_id").isNumber() ? reply.path("client_id").asText() : null;
        if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
            throw DynamicRegistrationException.Reason.REPLY_MALFORMED.exception(
                    "The platform's answer to our registration has no usable client_id.");
        }
        JsonNode toolConfig = reply.path(ToolConfiguration.TOOL_CONFIGURATION);
        JsonNode dep = toolConfig.path("deployment_id");
        String deploymentId =
                dep.isTextual() || dep.isNumber() ? dep.asText() : null; // Moodle sends it; Canvas does not
        if (deploymentId != null && (deploymentId.isBlank() || deploymentId.length() > 255)) {
            throw DynamicRegistrationException.Reason.REPLY_MALFORMED.exception(
                    "The platform's answer has an unusable deployment_id.");
        }
        String grantedScope =
                reply.path("scope").isTextual() ? reply.path("scope").asText() : null;
        PlatformRegistration.Status status =
                settings.approveAtOnce() ? PlatformRegistration.Status.ACTIVE : PlatformRegistration.Status.PENDING;
        String product = platform.productFamilyCode();
        String where = platform.accountName() != null
                ? ": " + platform.accountName() // Canvas: the institution's account
                : " at " + URI.create(platform.issuer()).getHost();
        String name = clip(
                (product == null ? "Platform" : capitalise(product))
                        + where
                        + (deploymentId == null ? "" : " (deployment " + deploymentId + ")"),
                250);
        checkPendingCap();
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                if (registrations.find(platform.issuer(), clientId).isPresent()) {
                    throw alreadyRegistered(platform.issuer(), clientId);
                }
                PlatformRegistration reg = registrations.insert(
                        c,
                        platform.issuer(),
                        clientId,
                        name,
                        platform.authorizationEndpoint(),
                        platform.jwksUri(),
                        platform.tokenEndpoint(),
                        platform.authorizationServer(),
                        product,
                        status);
                Deployment d =
                        deploymentId == null ? null : registrations.ensureDeployment(c, reg.id(), deploymentId, null);
                recordSource(c, reg.id(), configUrl, platform, grantedScope);
                if (origins != null) { // where it came from: its LMS addresses once approved
                    origins.recordRegistration(c, reg.id(), java.util.Arrays.asList(configUrl.toString(), pageOrigin));
                }
                return new Outcome(reg, Optional.ofNullable(d), platform, grantedScope);
            });
        } catch (Database.StoreException e) {
            if (e.isUniqueViolation()) {
                throw alreadyRegistered(platform.issuer(), clientId);
            }
            throw e;
        }
        registrations.setStatus(outcome.registration().id(), status); // tells listeners (frame-ancestors) it changed
        log.info(
                "Dynamic registration stored: registration {} issuer {} client {} deployment {} status {}",
                outcome.registration().id(),
                platform.issuer(),
                clientId,
                deploymentId,
                status);
        return outcome;
    }

    private void recordSource(
            java.sql.Connection c,
            long registrationId,
            URI configUrl,
            PlatformConfiguration platform,
            String grantedScope)
            throws SQLException {
        sources.insert(
                c,
                registrationId,
                new RegistrationSource(
                        "dynamic",
                        clip(RegistrationAddresses.withoutQuery(configUrl), 2000),
                        clip(platform.version(), 100),
                        clip(grantedScope, 2000),
                        clip(RegistrationAddresses.withoutQuery(platform.registrationEndpoint()), 2000),
                        clock.instant()));
    }

    private static DynamicRegistrationException alreadyRegistered(String issuer, String clientId) {
        return DynamicRegistrationException.Reason.ALREADY_REGISTERED.exception("The platform " + clip(issuer)
                + " with client id " + clip(clientId) + " is already registered with this tool. Nothing was changed: "
                + "manage the existing registration in the tool's admin console (/admin).");
    }

    // ---- small helpers ----

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String clip(String s) {
        return clip(s, 200);
    }

    static String clip(String s, int n) {
        return s == null ? null : s.length() <= n ? s : s.substring(0, n) + "…";
    }
}
