package org.attentionlesson.devplatform.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.RandomTokens;
import org.attentionlesson.web.Templates;

/**
 * The dev LMS's side of LTI Dynamic Registration, answering like Moodle (docs/lti.md §10): a page at
 * {@code /dev/registration} with a button that opens the tool's registration URL, the OpenID configuration (behind
 * a registration token, like Canvas), a registration endpoint that checks the tool's request and replies with a
 * {@code client_id} and a {@code deployment_id}, and an OIDC authorization endpoint so a student can launch
 * through each new registration. The issuer is the dev LMS's ({@code <base>/dev}); tools registered here live as
 * long as the JVM.
 */
public final class DevRegistration extends HttpServlet {
    /** Where the dev LMS's registration side lives: {@code PREFIX} and {@code PREFIX/*}. */
    public static final String PREFIX = "/dev/registration";

    private final String base;
    private final String issuer;
    private final Templates templates;
    private final Clock clock;
    private final RSAKey key;
    private final RSASSASigner signer;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger deployments = new AtomicInteger(100);

    /** One tool registered through this dev LMS. */
    record Client(
            String clientId,
            String deploymentId,
            String name,
            String loginUrl,
            List<String> redirectUris,
            String targetLinkUri,
            Instant at) {}

    DevRegistration(String base, Templates templates, Clock clock) {
        this.base = base;
        this.issuer = base + "/dev";
        this.templates = templates;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048)
                    .keyID("dev-dr-" + UUID.randomUUID().toString().substring(0, 8))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dev LMS's dynamic registration side, as a platform at {@code <baseUrl>/dev}. */
    public static DevRegistration create(java.net.URI baseUrl, Templates templates, Clock clock) {
        String s = baseUrl.toString();
        return new DevRegistration(s.endsWith("/") ? s.substring(0, s.length() - 1) : s, templates, clock);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (path) {
            case "", "/" -> page(resp);
            case "/openid-configuration" -> configuration(req, resp);
            case "/jwks" -> {
                resp.setContentType("application/json;charset=UTF-8");
                resp.getWriter().write(new JWKSet(key.toPublicJWK()).toString(true));
            }
            case "/launch" -> launch(req, resp);
            case "/auth" -> authorize(req, resp);
            default -> resp.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (path) {
            case "/register" -> register(req, resp);
            case "/auth" -> authorize(req, resp);
            default -> resp.sendError(404);
        }
    }

    // ---- the admin's page ----

    private void page(HttpServletResponse resp) throws IOException {
        String token = RandomTokens.of(24);
        tokens.put(token, clock.instant().plusSeconds(3600));
        String configUrl = base + PREFIX + "/openid-configuration";
        String registerUrl =
                base + "/lti/register?openid_configuration=" + enc(configUrl) + "&registration_token=" + enc(token);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Client c : clients.values()) {
            list.add(Map.of(
                    "clientId",
                    c.clientId(),
                    "deploymentId",
                    c.deploymentId(),
                    "name",
                    c.name(),
                    "launchUrl",
                    base + PREFIX + "/launch?client_id=" + enc(c.clientId())));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("registerUrl", registerUrl);
        model.put("issuer", issuer);
        model.put("clients", list);
        templates.send(resp, 200, "registration/dev-lms.ftlh", model, Locale.ENGLISH);
    }

    // ---- LTI DR 1.0 §3.4: the platform's configuration ----

    private void configuration(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!validToken(req)) {
            Json.send(resp, 401, Map.of("error", "invalid_token"));
            return;
        }
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("product_family_code", "attention-dev-lms");
        platform.put("version", "1.0");
        platform.put(
                "messages_supported",
                List.of(
                        Map.of("type", "LtiResourceLinkRequest"),
                        Map.of("type", "LtiDeepLinkingRequest", "placements", List.of("ContentArea")),
                        Map.of("type", "LtiSubmissionReviewRequest")));
        platform.put("variables", List.of("Context.id", "ResourceLink.id"));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("issuer", issuer);
        c.put("authorization_endpoint", base + PREFIX + "/auth");
        c.put("token_endpoint", base + "/dev/token");
        c.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        c.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        c.put("jwks_uri", base + PREFIX + "/jwks");
        c.put("registration_endpoint", base + PREFIX + "/register");
        c.put(
                "scopes_supported",
                List.of(
                        "openid",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"));
        c.put("response_types_supported", List.of("id_token"));
        c.put("subject_types_supported", List.of("public", "pairwise"));
        c.put("id_token_signing_alg_values_supported", List.of("RS256"));
        c.put("claims_supported", List.of("sub", "iss", "name", "given_name", "family_name", "email"));
        c.put("https://purl.imsglobal.org/spec/lti-platform-configuration", platform);
        Json.send(resp, 200, c);
    }

    // ---- LTI DR 1.0 §3.5: the tool's registration request, checked as Moodle does ----

    private void register(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!validToken(req)) {
            Json.send(resp, 401, Map.of("error", "invalid_token"));
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(req.getInputStream().readNBytes(64 * 1024));
        } catch (IOException e) {
            Json.send(resp, 400, Map.of("error", "invalid_client_metadata", "error_description", "not JSON"));
            return;
        }
        List<String> errors = new ArrayList<>();
        JsonNode tc = body.path("https://purl.imsglobal.org/spec/lti-tool-configuration");
        String domain = tc.path("domain").asText("");
        String target = tc.path("target_link_uri").asText("");
        if (domain.isEmpty()) {
            errors.add("domain is required");
        }
        if (!target.isEmpty() && !domain.equals(domainOf(target))) {
            errors.add("target_link_uri is not on the tool's domain");
        }
        if (!body.path("redirect_uris").isArray() || body.path("redirect_uris").isEmpty()) {
            errors.add("redirect_uris must be a non-empty array");
        }
        if (!"private_key_jwt".equals(body.path("token_endpoint_auth_method").asText())) {
            errors.add("token_endpoint_auth_method must be private_key_jwt");
        }
        List<String> grants = new ArrayList<>();
        body.path("grant_types").forEach(g -> grants.add(g.asText()));
        if (!grants.contains("implicit") || !grants.contains("client_credentials")) {
            errors.add("grant_types must contain implicit and client_credentials");
        }
        if (List.of(body.path("scope").asText("").split(" ")).contains("openid")) {
            errors.add("scope must not contain openid");
        }
        if (body.path("initiate_login_uri").asText("").isEmpty()
                || body.path("jwks_uri").asText("").isEmpty()) {
            errors.add("initiate_login_uri and jwks_uri are required");
        }
        if (!errors.isEmpty()) {
            Json.send(resp, 400, Map.of("error", "invalid_client_metadata", "errors", errors));
            return;
        }
        List<String> redirects = new ArrayList<>();
        body.path("redirect_uris").forEach(r -> redirects.add(r.asText()));
        String clientId = "dev-dr-" + RandomTokens.of(9);
        String deploymentId = String.valueOf(deployments.incrementAndGet());
        clients.put(
                clientId,
                new Client(
                        clientId,
                        deploymentId,
                        body.path("client_name").asText("tool"),
                        body.path("initiate_login_uri").asText(),
                        redirects,
                        target.isEmpty() ? redirects.get(0) : target,
                        clock.instant()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("client_id", clientId);
        reply.put("response_types", List.of("id_token"));
        reply.put("jwks_uri", body.path("jwks_uri").asText());
        reply.put("initiate_login_uri", body.path("initiate_login_uri").asText());
        reply.put("grant_types", grants);
        reply.put("redirect_uris", redirects);
        reply.put("application_type", "web");
        reply.put("token_endpoint_auth_method", "private_key_jwt");
        reply.put("client_name", body.path("client_name").asText());
        reply.put("scope", body.path("scope").asText());
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("domain", domain);
        tool.put("target_link_uri", target);
        tool.put("deployment_id", deploymentId);
        tool.put("claims", tc.path("claims"));
        tool.put("messages", tc.path("messages"));
        reply.put("https://purl.imsglobal.org/spec/lti-tool-configuration", tool);
        Json.send(resp, 200, reply);
    }

    // ---- a student launch through a registered tool ----

    private void launch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Client c = clients.get(String.valueOf(req.getParameter("client_id")));
        if (c == null) {
            resp.sendError(404);
            return;
        }
        String url = c.loginUrl() + "?iss=" + enc(issuer) + "&login_hint=" + enc("dev-dr-student")
                + "&target_link_uri=" + enc(c.targetLinkUri()) + "&client_id=" + enc(c.clientId())
                + "&lti_deployment_id=" + enc(c.deploymentId()) + "&lti_message_hint=" + enc("resource-link");
        resp.setStatus(302);
        resp.setHeader("Location", url);
    }

    /** OIDC authorization endpoint (LTI Core 1.3 §5.1.1.2): answers with a signed resource link launch. */
    private void authorize(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Client c = clients.get(String.valueOf(req.getParameter("client_id")));
        String redirect = req.getParameter("redirect_uri");
        if (c == null
                || redirect == null
                || !c.redirectUris().contains(redirect)
                || !"id_token".equals(req.getParameter("response_type"))
                || !"openid".equals(req.getParameter("scope"))
                || !"dev-dr-student".equals(req.getParameter("login_hint"))
                || req.getParameter("nonce") == null) {
            resp.sendError(400);
            return;
        }
        Instant now = clock.instant();
        String lti = "https://purl.imsglobal.org/spec/lti/claim/";
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(c.clientId())
                .subject("dev-dr-student")
                .issueTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("azp", c.clientId())
                .claim("nonce", req.getParameter("nonce"))
                .claim("name", "Dana Student")
                .claim("given_name", "Dana")
                .claim("family_name", "Student")
                .claim(lti + "message_type", "LtiResourceLinkRequest")
                .claim(lti + "version", "1.3.0")
                .claim(lti + "deployment_id", c.deploymentId())
                .claim(lti + "target_link_uri", c.targetLinkUri())
                .claim(lti + "resource_link", Map.of("id", "dev-dr-link-1", "title", "Attention lesson"))
                .claim(lti + "roles", List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"))
                .claim(lti + "context", Map.of("id", "dev-dr-course", "label", "DR101", "title", "Registered by DR"))
                .claim(lti + "launch_presentation", Map.of("document_target", "window", "return_url", base + PREFIX))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("action", redirect);
        model.put("idToken", jwt.serialize());
        model.put("state", String.valueOf(req.getParameter("state")));
        templates.send(resp, 200, "registration/dev-lms-post.ftlh", model, Locale.ENGLISH);
    }

    // ---- helpers ----

    private boolean validToken(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        Instant exp = tokens.get(h.substring(7).trim());
        return exp != null && exp.isAfter(clock.instant());
    }

    private static String domainOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
