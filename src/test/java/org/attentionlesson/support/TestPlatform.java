package org.attentionlesson.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated LTI platform on its own loopback port, for tests: it publishes a JWKS (whose keys can be rotated,
 * and which can be taken down), and signs id_tokens with whatever claims a test wants, valid or not.
 */
public final class TestPlatform implements AutoCloseable {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String DEPLOYMENT_ID = "deployment-1";

    private final HttpServer server;
    private final String clientId;
    /** A fixed issuer unlike the platform's own address (Canvas: https://canvas.instructure.com), or null. */
    private final String fixedIssuer;

    private volatile String returnUrl;
    private volatile List<String> lmsAddresses = List.of();
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private volatile RSAKey signingKey;
    private volatile boolean jwksDown;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    private TestPlatform(String clientId, String fixedIssuer) {
        this.clientId = clientId;
        this.fixedIssuer = fixedIssuer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            if (jwksDown) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            List<JWK> keys = new ArrayList<>();
            for (RSAKey k : published) {
                keys.add(k.toPublicJWK());
            }
            byte[] body = new JWKSet(keys).toString(true).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/auth", ex -> {
            // A minimal authorization endpoint: signs a learner launch for the nonce it was given and posts it back.
            Map<String, String> q = LtiHttp.query(ex.getRequestURI());
            String redirect = q.get("redirect_uri");
            String toolBase = redirect.substring(0, redirect.length() - "/lti/launch".length());
            JWTClaimsSet.Builder claims = resourceLinkClaims(
                    toolBase,
                    q.get("nonce"),
                    q.get("login_hint"),
                    "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner");
            if (returnUrl != null) {
                claims.claim(LTI + "launch_presentation", Map.of("document_target", "iframe", "return_url", returnUrl));
            }
            String token = sign(claims.build());
            send(
                    ex,
                    "<!DOCTYPE html><html><body><form id=f method=post action=\"" + redirect + "\">"
                            + "<input type=hidden name=id_token value=\"" + token
                            + "\"><input type=hidden name=state value=\""
                            + q.get("state")
                            + "\"></form><script>document.getElementById('f').submit()</script></body></html>");
        });
        server.createContext("/course", ex -> {
            // A course page framing the tool and offering LTI platform storage (lti-pm-s 0.1) to it. With
            // answer=wrong it hands back a different state, as a forged or mixed-up launch would see.
            Map<String, String> q = LtiHttp.query(ex.getRequestURI());
            String tool = q.get("tool");
            String login = tool + "/lti/login?"
                    + LtiHttp.form(Map.of(
                            "iss",
                            issuer(),
                            "login_hint",
                            "storage-user",
                            "target_link_uri",
                            tool + "/lti/launch",
                            "client_id",
                            clientId,
                            "lti_storage_target",
                            "_parent"));
            boolean wrong = "wrong".equals(q.get("answer"));
            String toolOrigin = java.net.URI.create(tool).getScheme() + "://"
                    + java.net.URI.create(tool).getAuthority();
            send(
                    ex,
                    "<!DOCTYPE html><html><body><ol id=log></ol><iframe id=tool width=900 height=700 src=\"" + login
                            + "\"></iframe><script>\n"
                            + "const store = {}; const log = m => { const li = document.createElement('li'); li.textContent = m; document.getElementById('log').append(li); };\n"
                            + "window.addEventListener('message', e => {\n"
                            + "  if (e.origin !== '" + toolOrigin + "' || !e.data || !e.data.subject) return;\n"
                            + "  const d = e.data;\n"
                            + "  if (d.subject === 'lti.put_data') { store[d.key] = d.value; log('put ' + d.key);\n"
                            + "    e.source.postMessage({subject: 'lti.put_data.response', message_id: d.message_id, key: d.key, value: d.value}, e.origin); }\n"
                            + "  if (d.subject === 'lti.get_data') { log('get ' + d.key);\n"
                            + "    e.source.postMessage({subject: 'lti.get_data.response', message_id: d.message_id, key: d.key, value: "
                            + (wrong ? "'not-the-state'" : "store[d.key]") + "}, e.origin); }\n"
                            + "});\n</script></body></html>");
        });
        server.createContext("/post_message_forwarding", ex -> {
            // Canvas's way of offering platform storage (lti-pm-s 0.1): a hidden frame on the authorization
            // endpoint's origin inside the course page, named post_message_forwarding, keeps each sender's data.
            send(
                    ex,
                    "<!DOCTYPE html><html><body><script>\n"
                            + "const store = {};\n"
                            + "window.addEventListener('message', e => {\n"
                            + "  const d = e.data; if (!d || !d.subject) return;\n"
                            + "  const k = e.origin + ' ' + d.key;\n"
                            + "  if (d.subject === 'lti.put_data') { store[k] = d.value;\n"
                            + "    e.source.postMessage({subject: 'lti.put_data.response', message_id: d.message_id, key: d.key, value: d.value}, e.origin); }\n"
                            + "  if (d.subject === 'lti.get_data') {\n"
                            + "    e.source.postMessage({subject: 'lti.get_data.response', message_id: d.message_id, key: d.key, value: store[k]}, e.origin); }\n"
                            + "});\n"
                            + "parent.postMessage({subject: 'test.forwarding_ready'}, '*');\n</script></body></html>");
        });
        server.start();
        signingKey = newKey();
        published.add(signingKey);
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** A course page (on this platform's origin) that frames the tool at {@code toolBase} and offers platform storage. */
    public String coursePageUrl(String toolBase, boolean answerWithWrongState) {
        return baseUrl() + "/course?"
                + LtiHttp.form(Map.of("tool", toolBase, "answer", answerWithWrongState ? "wrong" : "ok"));
    }

    public static TestPlatform start(String clientId) {
        return new TestPlatform(clientId, null);
    }

    /**
     * A platform whose issuer is this fixed string rather than its own address, as Canvas Cloud's
     * {@code https://canvas.instructure.com} (its endpoints stay on this loopback port).
     */
    public static TestPlatform start(String clientId, String issuer) {
        return new TestPlatform(clientId, issuer);
    }

    /** The {@code launch_presentation.return_url} the authorization endpoint's launches carry (null: none). */
    public void setReturnUrl(String returnUrl) {
        this.returnUrl = returnUrl;
    }

    /** The {@code lmsAddresses} the registrations file gives this platform. */
    public void setLmsAddresses(List<String> origins) {
        this.lmsAddresses = List.copyOf(origins);
    }

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("k-" + UUID.randomUUID().toString().substring(0, 8))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String issuer() {
        return fixedIssuer != null ? fixedIssuer : baseUrl();
    }

    public String clientId() {
        return clientId;
    }

    public String authUrl() {
        return baseUrl() + "/auth";
    }

    /** Adds an endpoint of the test's own (a token endpoint, a membership container) on this platform's origin. */
    public void serve(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    public String jwksUrl() {
        return baseUrl() + "/jwks";
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    /** Publishes a new key and signs with it from now on (the old key stays published, as platforms do). */
    public RSAKey rotateKey() {
        RSAKey next = newKey();
        published.add(next);
        signingKey = next;
        return next;
    }

    public void setJwksDown(boolean down) {
        this.jwksDown = down;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** A registrations file naming this platform, for the tool's {@code attention.registrationsFile}. */
    public Path writeRegistrationsFile(Path dir) {
        return writeRegistrationsFile(dir, this);
    }

    /** One registrations file naming several platforms. */
    public static Path writeRegistrationsFile(Path dir, TestPlatform... platforms) {
        List<String> entries = new ArrayList<>();
        for (TestPlatform p : platforms) {
            entries.add(p.registrationJson());
        }
        String json = "{\"registrations\": [" + String.join(",", entries) + "]}";
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "registrations-", ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String registrationJson() {
        return "{\"issuer\": \"" + issuer() + "\", \"clientId\": \"" + clientId
                + "\", \"name\": \"Test platform\", \"authUrl\": \"" + authUrl() + "\", \"jwksUrl\": \"" + jwksUrl()
                + "\", \"tokenUrl\": \"" + tokenUrl() + "\""
                + (lmsAddresses.isEmpty()
                        ? ""
                        : ", \"lmsAddresses\": [\"" + String.join("\", \"", lmsAddresses) + "\"]")
                + ", \"deployments\": [\"" + DEPLOYMENT_ID + "\"]}";
    }

    /** Valid resource-link claims for this platform, our tool, the given nonce and target link. */
    public JWTClaimsSet.Builder resourceLinkClaims(String toolBaseUrl, String nonce, String subject, String role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(clientId)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce)
                .claim("name", "Ada <b>Lovelace</b>")
                .claim("given_name", "Ada")
                .claim("family_name", "Lovelace")
                .claim("email", "ada@example.edu")
                .claim(LTI + "message_type", "LtiResourceLinkRequest")
                .claim(LTI + "version", "1.3.0")
                .claim(LTI + "deployment_id", DEPLOYMENT_ID)
                .claim(LTI + "target_link_uri", toolBaseUrl + "/lti/launch")
                .claim(LTI + "resource_link", Map.of("id", "link-1", "title", "Attention lesson"))
                .claim(LTI + "roles", List.of(role))
                .claim(
                        LTI + "context",
                        Map.of(
                                "id",
                                "course-1",
                                "label",
                                "DL101",
                                "title",
                                "Deep <i>Learning</i> 101",
                                "type",
                                List.of("http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering")))
                .claim(LTI + "launch_presentation", Map.of("document_target", "iframe", "locale", "en-US"));
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey, signingKey.getKeyID());
    }

    /** Signs with {@code key} but names {@code kid} in the header (null: no kid). */
    public static String sign(JWTClaimsSet claims, RSAKey key, String kid) {
        try {
            JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256);
            if (kid != null) {
                h.keyID(kid);
            }
            SignedJWT jwt = new SignedJWT(h.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
