package org.attentionlesson.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small LMS on a loopback port speaking the platform side of LTI Dynamic Registration the way Moodle or Canvas
 * does (docs/lti.md §8, §10, §11), with knobs for every misbehaviour the tool must survive. It also signs launches.
 */
public final class EmulatedPlatform implements AutoCloseable {
    public enum Style {
        MOODLE,
        CANVAS
    }

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String TOKEN = "reg-token-123";

    public final Style style;
    private final HttpServer server;
    private final RSAKey key;
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    public volatile JsonNode lastRegistration;
    public volatile String clientId = "client-" + System.nanoTime();
    public volatile String deploymentId = "7";

    /** Knobs: replace the configuration document, its status, add delay, or answer the registration differently. */
    public volatile Function<Map<String, Object>, Object> configTweak = c -> c;

    public volatile int configStatus = 200;
    public volatile long configDelayMillis = 0;
    public volatile byte[] rawConfig;
    public volatile int registrationStatus = 200;
    public volatile String registrationBody;
    /** Extra page for the browser test: opens the tool's registration URL in a frame and reports the close message. */
    public volatile String lmsPage = "";

    public EmulatedPlatform(Style style) throws Exception {
        this.style = style;
        this.key = new RSAKeyGenerator(2048)
                .keyID("emu-" + style)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Moodle: issuer = site URL; Canvas: a fixed issuer with the configuration on the issuer's host. */
    public String issuer() {
        return style == Style.MOODLE ? base() + "/moodle" : base();
    }

    public String configUrl() {
        return style == Style.MOODLE
                ? base() + "/moodle/mod/lti/openid-configuration.php"
                : base() + "/api/lti/security/openid-configuration";
    }

    public String registerUrl(String toolBase) {
        return toolBase + "/lti/register?openid_configuration=" + enc(configUrl()) + "&registration_token=" + TOKEN;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("method", ex.getRequestMethod());
        r.put("path", path);
        r.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        requests.add(r);
        try {
            if (path.endsWith("openid-configuration") || path.endsWith("openid-configuration.php")) {
                if (configDelayMillis > 0) {
                    Thread.sleep(configDelayMillis);
                }
                if (style == Style.CANVAS && !("Bearer " + TOKEN).equals(r.get("authorization"))) {
                    send(ex, 401, "{\"errors\":[{\"message\":\"Invalid registration token\"}]}");
                    return;
                }
                if (rawConfig != null) {
                    send(ex, configStatus, rawConfig);
                    return;
                }
                send(ex, configStatus, JSON.writeValueAsString(configTweak.apply(configuration())));
            } else if (path.endsWith("/register")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                JsonNode reg = JSON.readTree(body);
                lastRegistration = reg;
                if (registrationBody != null) {
                    send(ex, registrationStatus, registrationBody);
                    return;
                }
                send(ex, 200, JSON.writeValueAsString(reply(reg)));
            } else if (path.endsWith("/jwks")) {
                send(ex, 200, new JWKSet(key.toPublicJWK()).toString(true));
            } else if (path.equals("/lms")) {
                ex.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
                send(ex, 200, lmsPage);
            } else {
                send(ex, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the tool gave up on a slow or oversized answer
        } finally {
            ex.close();
        }
    }

    Map<String, Object> configuration() {
        String b = issuer();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("issuer", issuer());
        c.put(
                "authorization_endpoint",
                style == Style.MOODLE ? b + "/mod/lti/auth.php" : base() + "/api/lti/authorize_redirect");
        c.put("token_endpoint", style == Style.MOODLE ? b + "/mod/lti/token.php" : base() + "/login/oauth2/token");
        c.put("jwks_uri", base() + "/jwks");
        c.put("registration_endpoint", base() + "/register");
        c.put(
                "scopes_supported",
                List.of(
                        "openid",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"));
        c.put("response_types_supported", List.of("id_token"));
        c.put("id_token_signing_alg_values_supported", List.of("RS256"));
        Map<String, Object> platform = new java.util.LinkedHashMap<>(Map.of(
                "product_family_code", style == Style.MOODLE ? "moodle" : "canvas",
                "version", style == Style.MOODLE ? "4.5" : "cloud",
                "messages_supported",
                        style == Style.MOODLE
                                ? List.of(
                                        Map.of("type", "LtiResourceLinkRequest"),
                                        Map.of("type", "LtiDeepLinkingRequest"))
                                : List.of(
                                        Map.of("type", "LtiResourceLinkRequest"),
                                        Map.of(
                                                "type",
                                                "LtiDeepLinkingRequest",
                                                "placements",
                                                List.of("assignment_selection", "link_selection")))));
        if (style == Style.CANVAS) {
            // Canvas names the institution's account: every Canvas Cloud school shares the issuer's host.
            platform.put("https://canvas.instructure.com/lti/account_name", "Northfield <University>");
        }
        c.put("https://purl.imsglobal.org/spec/lti-platform-configuration", platform);
        return c;
    }

    private Map<String, Object> reply(JsonNode reg) {
        Map<String, Object> out = JSON.convertValue(reg, Map.class);
        out.put("client_id", clientId);
        if (style == Style.MOODLE) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tc =
                    (Map<String, Object>) out.get("https://purl.imsglobal.org/spec/lti-tool-configuration");
            tc.put("deployment_id", deploymentId);
        }
        return out;
    }

    /** A resource link launch for this platform's registration, signed with its key. */
    public String idToken(String clientId, String nonce, String deploymentId, String toolLaunchUrl) throws Exception {
        String lti = "https://purl.imsglobal.org/spec/lti/claim/";
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(clientId)
                .subject("student-1")
                .issueTime(Date.from(now.minusSeconds(2)))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .claim("nonce", nonce)
                .claim(lti + "message_type", "LtiResourceLinkRequest")
                .claim(lti + "version", "1.3.0")
                .claim(lti + "deployment_id", deploymentId)
                .claim(lti + "target_link_uri", toolLaunchUrl)
                .claim(lti + "resource_link", Map.of("id", "link-1"))
                .claim(lti + "roles", List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (ex.getResponseHeaders().getFirst("Content-Type") == null) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
