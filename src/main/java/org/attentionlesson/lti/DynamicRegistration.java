package org.attentionlesson.lti;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LTI Dynamic Registration 1.0 (field notes §8): reads the platform's OpenID configuration, posts our client
 * registration to its registration endpoint, and stores the registration with its deployment in one
 * transaction. Every failure is a {@link DynamicRegistrationException}; nothing is stored unless all succeeded.
 * The registration token is sent to the platform and never logged.
 */
public final class DynamicRegistration {
    private static final Logger log = LoggerFactory.getLogger(DynamicRegistration.class);
    static final String USER_AGENT = "attention-lesson-lti/1.0 (dynamic registration)";

    private final Database db;
    private final Registrations registrations;
    private final ToolConfiguration tool;
    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param allowLoopbackHttp dev mode: a platform on this machine may use plain http
     * @param approveAtOnce new registrations are ACTIVE (else PENDING until an admin approves)
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxBytes, boolean allowLoopbackHttp,
            boolean approveAtOnce) {
    }

    /** What a finished registration stored. */
    public record Outcome(PlatformRegistration registration, Optional<Deployment> deployment,
            PlatformConfiguration platform, String grantedScope) {
    }

    public DynamicRegistration(Database db, Registrations registrations, ToolConfiguration tool, Settings settings,
            Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.tool = tool;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead past the issuer check
                .build();
    }

    public Outcome register(String openidConfiguration, String registrationToken) {
        URI configUrl = configurationUrl(openidConfiguration);
        String token = registrationToken == null || registrationToken.isBlank() ? null : registrationToken.trim();
        PlatformConfiguration platform = fetchConfiguration(configUrl, token);
        checkIssuer(configUrl, platform);
        for (URI endpoint : new URI[] {platform.authorizationEndpoint(), platform.jwksUri(),
                platform.registrationEndpoint(), platform.tokenEndpoint()}) {
            if (endpoint != null && !acceptableScheme(endpoint)) {
                throw DynamicRegistrationException.Reason.ENDPOINT_INSECURE.exception(
                        "The platform's endpoint " + clip(endpoint.toString()) + " is not an https address.");
            }
        }
        JsonNode reply = postRegistration(platform, token);
        return store(configUrl, platform, reply);
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
        if (!u.isAbsolute() || u.getHost() == null || u.getUserInfo() != null
                || !("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_INVALID.exception(
                    "The openid_configuration value is not an absolute http(s) URL: " + clip(value) + ".");
        }
        if (!acceptableScheme(u)) {
            throw DynamicRegistrationException.Reason.CONFIG_URL_INSECURE.exception("The platform's configuration address "
                    + clip(value) + " is not https. Registration needs https (plain http is accepted only for a "
                    + "platform on this machine in dev mode).");
        }
        return u;
    }

    /** https, or http to a loopback address when dev mode allows it. */
    boolean acceptableScheme(URI u) {
        if ("https".equalsIgnoreCase(u.getScheme())) {
            return true;
        }
        return settings.allowLoopbackHttp() && "http".equalsIgnoreCase(u.getScheme()) && isLoopback(u.getHost());
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || h.startsWith("[")) {
            try {
                return InetAddress.getByName(h.replace("[", "").replace("]", "")).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    // ---- step 2: the platform's configuration ----

    private PlatformConfiguration fetchConfiguration(URI configUrl, String token) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(configUrl).GET()
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (token != null) {
            rb.header("Authorization", "Bearer " + token); // Canvas insists on it (field notes §8)
        }
        Reply reply = send(rb.build(), DynamicRegistrationException.Reason.CONFIG_UNREACHABLE, "configuration");
        if (reply.status / 100 == 3) {
            throw DynamicRegistrationException.Reason.CONFIG_REFUSED.exception("The platform answered the configuration "
                    + "request with a redirect (HTTP " + reply.status + "). Use the configuration address the LMS gives.");
        }
        if (reply.status != 200) {
            throw DynamicRegistrationException.Reason.CONFIG_REFUSED.exception("The platform answered the configuration "
                    + "request with HTTP " + reply.status + (reply.status == 401 || reply.status == 403
                    ? " (the registration token may have expired: start the registration again from the LMS)" : "")
                    + ".");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(reply.body);
        } catch (IOException e) {
            throw DynamicRegistrationException.Reason.CONFIG_MALFORMED.exception(
                    "The platform's configuration is not valid JSON.");
        }
        return PlatformConfiguration.parse(json);
    }

    /** The issuer must be https and the configuration URL must sit under it (LTI DR 1.0 §3.5.1). */
    private void checkIssuer(URI configUrl, PlatformConfiguration platform) {
        URI issuer;
        try {
            issuer = new URI(platform.issuer());
        } catch (URISyntaxException e) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception("The platform's issuer "
                    + clip(platform.issuer()) + " is not a URL.");
        }
        if (!issuer.isAbsolute() || issuer.getHost() == null || issuer.getQuery() != null || issuer.getFragment() != null) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception("The platform's issuer "
                    + clip(platform.issuer()) + " is not an absolute URL without query.");
        }
        if (!acceptableScheme(issuer)) {
            throw DynamicRegistrationException.Reason.ENDPOINT_INSECURE.exception("The platform's issuer "
                    + clip(platform.issuer()) + " is not an https address.");
        }
        boolean sameOrigin = issuer.getScheme().equalsIgnoreCase(configUrl.getScheme())
                && issuer.getHost().equalsIgnoreCase(configUrl.getHost())
                && effectivePort(issuer) == effectivePort(configUrl);
        if (!sameOrigin) {
            throw DynamicRegistrationException.Reason.ISSUER_MISMATCH.exception("The platform says its issuer is "
                    + clip(platform.issuer()) + ", but its configuration came from " + clip(origin(configUrl))
                    + ". The configuration address must be on the issuer's own site.");
        }
    }

    // ---- step 3: our client registration ----

    private JsonNode postRegistration(PlatformConfiguration platform, String token) {
        String body = Json.write(tool.clientRegistration(platform.scopesSupported(), platform.messagesSupported()));
        HttpRequest.Builder rb = HttpRequest.newBuilder(platform.registrationEndpoint())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        Reply reply = send(rb.build(), DynamicRegistrationException.Reason.REGISTRATION_UNREACHABLE, "registration");
        if (reply.status != 200 && reply.status != 201) {
            throw DynamicRegistrationException.Reason.REGISTRATION_REJECTED.exception("The platform rejected our "
                    + "registration (HTTP " + reply.status + ")" + platformErrors(reply.body) + ".");
        }
        try {
            JsonNode json = Json.MAPPER.readTree(reply.body);
            if (json == null || !json.isObject()) {
                throw new IOException("not an object");
            }
            return json;
        } catch (IOException e) {
            throw DynamicRegistrationException.Reason.REPLY_MALFORMED.exception(
                    "The platform accepted our registration but its answer is not a JSON object.");
        }
    }

    /** Canvas: 422 {@code {"errors": [...]}}; OAuth style {@code {"error", "error_description"}}; else nothing. */
    static String platformErrors(byte[] body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            List<String> out = new ArrayList<>();
            if (json != null && json.isObject()) {
                JsonNode errors = json.get("errors");
                if (errors != null && errors.isArray()) {
                    for (JsonNode e : errors) {
                        out.add(e.isTextual() ? e.asText() : e.path("message").isTextual() ? e.path("message").asText()
                                : e.toString());
                    }
                } else if (errors != null && errors.isObject()) {
                    errors.fields().forEachRemaining(f -> out.add(f.getKey() + ": " + f.getValue()));
                }
                if (json.path("error").isTextual()) {
                    out.add(json.path("error").asText() + (json.path("error_description").isTextual()
                            ? ": " + json.path("error_description").asText() : ""));
                }
            }
            if (out.isEmpty()) {
                return "";
            }
            String joined = String.join("; ", out.subList(0, Math.min(out.size(), 10)));
            return ": " + clip(joined, 600);
        } catch (IOException e) {
            return "";
        }
    }

    // ---- step 4: store ----

    private Outcome store(URI configUrl, PlatformConfiguration platform, JsonNode reply) {
        String clientId = reply.path("client_id").isTextual() ? reply.path("client_id").asText()
                : reply.path("client_id").isNumber() ? reply.path("client_id").asText() : null;
        if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
            throw DynamicRegistrationException.Reason.REPLY_MALFORMED.exception(
                    "The platform's answer to our registration has no usable client_id.");
        }
        JsonNode toolConfig = reply.path(ToolConfiguration.TOOL_CONFIGURATION);
        JsonNode dep = toolConfig.path("deployment_id");
        String deploymentId = dep.isTextual() || dep.isNumber() ? dep.asText() : null; // Moodle sends it; Canvas does not
        if (deploymentId != null && (deploymentId.isBlank() || deploymentId.length() > 255)) {
            throw DynamicRegistrationException.Reason.REPLY_MALFORMED.exception(
                    "The platform's answer has an unusable deployment_id.");
        }
        String grantedScope = reply.path("scope").isTextual() ? reply.path("scope").asText() : null;
        PlatformRegistration.Status status = settings.approveAtOnce()
                ? PlatformRegistration.Status.ACTIVE : PlatformRegistration.Status.PENDING;
        String product = platform.productFamilyCode();
        String name = clip((product == null ? "Platform" : capitalise(product)) + " at " + URI.create(platform.issuer()).getHost()
                + (deploymentId == null ? "" : " (deployment " + deploymentId + ")"), 250);
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                if (registrations.find(platform.issuer(), clientId).isPresent()) {
                    throw alreadyRegistered(platform.issuer(), clientId);
                }
                PlatformRegistration reg = registrations.insert(c, platform.issuer(), clientId, name,
                        platform.authorizationEndpoint(), platform.jwksUri(), platform.tokenEndpoint(),
                        platform.authorizationServer(), product, status);
                Deployment d = deploymentId == null ? null : registrations.ensureDeployment(c, reg.id(), deploymentId, null);
                recordSource(c, reg.id(), configUrl, platform, grantedScope);
                return new Outcome(reg, Optional.ofNullable(d), platform, grantedScope);
            });
        } catch (Database.StoreException e) {
            if (e.isUniqueViolation()) {
                throw alreadyRegistered(platform.issuer(), clientId);
            }
            throw e;
        }
        registrations.setStatus(outcome.registration().id(), status); // tells listeners (frame-ancestors) it changed
        log.info("Dynamic registration stored: registration {} issuer {} client {} deployment {} status {}",
                outcome.registration().id(), platform.issuer(), clientId, deploymentId, status);
        return outcome;
    }

    private void recordSource(java.sql.Connection c, long registrationId, URI configUrl, PlatformConfiguration platform,
            String grantedScope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registration_source (registration_id, method, "
                + "configuration_url, product_version, granted_scope, registration_endpoint, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, registrationId, "dynamic", clip(withoutQuery(configUrl), 2000), clip(platform.version(), 100),
                    clip(grantedScope, 2000), clip(withoutQuery(platform.registrationEndpoint()), 2000), clock.instant());
            ps.executeUpdate();
        }
    }

    private static DynamicRegistrationException alreadyRegistered(String issuer, String clientId) {
        return DynamicRegistrationException.Reason.ALREADY_REGISTERED.exception("The platform " + clip(issuer)
                + " with client id " + clip(clientId) + " is already registered with this tool. Nothing was changed: "
                + "manage the existing registration in the tool's admin console (/admin).");
    }

    // ---- bounded HTTP ----

    private record Reply(int status, byte[] body) {
    }

    /** Sends with a connect and an overall deadline, reading at most {@code maxBytes} of the body. */
    private Reply send(HttpRequest request, DynamicRegistrationException.Reason unreachable, String what) {
        CompletableFuture<Reply> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> {
                    try (InputStream in = r.body()) {
                        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                        if (declared > settings.maxBytes()) {
                            throw new TooLarge();
                        }
                        byte[] body = in.readNBytes(settings.maxBytes() + 1);
                        if (body.length > settings.maxBytes()) {
                            throw new TooLarge();
                        }
                        return new Reply(r.statusCode(), body);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        long deadline = settings.requestTimeout().toMillis() + settings.connectTimeout().toMillis();
        try {
            return f.get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw DynamicRegistrationException.Reason.CONFIG_TIMEOUT.exception("The platform's " + what + " endpoint "
                    + clip(origin(request.uri())) + " did not answer within " + settings.requestTimeout().toSeconds()
                    + " seconds.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable.exception("Interrupted while waiting for the platform.");
        } catch (ExecutionException e) {
            if (find(e, TooLarge.class) != null) {
                throw DynamicRegistrationException.Reason.CONFIG_TOO_LARGE.exception("The platform's " + what
                        + " answer is larger than " + settings.maxBytes() / 1024 + " KB.");
            }
            if (find(e, HttpTimeoutException.class) != null && find(e, HttpConnectTimeoutException.class) == null) {
                throw DynamicRegistrationException.Reason.CONFIG_TIMEOUT.exception("The platform's " + what
                        + " endpoint " + clip(origin(request.uri())) + " did not answer within "
                        + settings.requestTimeout().toSeconds() + " seconds.");
            }
            String why = find(e, ConnectException.class) != null || find(e, HttpConnectTimeoutException.class) != null
                    ? "the connection was refused or timed out"
                    : find(e, java.nio.channels.UnresolvedAddressException.class) != null
                            || find(e, java.net.UnknownHostException.class) != null
                    ? "the host name is unknown" : "the connection failed";
            throw unreachable.exception("We could not reach the platform's " + what + " endpoint "
                    + clip(origin(request.uri())) + ": " + why + ".");
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("too large", null, false, false);
        }
    }

    // ---- small helpers ----

    private static int effectivePort(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    private static String withoutQuery(URI u) {
        if (u == null) {
            return null;
        }
        String s = u.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q); // a query may carry a token
    }

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
