package org.attentionlesson.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /lti/register} used as an anonymous port scanner (server-side request forgery), tried the way an attacker
 * would: the tool must not call loopback or private addresses outside dev mode, and whatever sits at the address —
 * nothing, a web page over plain http, a TLS server, a refused address — the answer must be the same page and code.
 * The tools here run with dev mode off: one strict (public addresses, https only), one that allows 127.0.0.1 only
 * (so a closed and an open port are really tried), one with a low rate limit.
 */
class RegistrationProbeIT {
    static TomcatServer strict;
    static TomcatServer allowsOneAddress;
    static TomcatServer limited;
    static ProbeListener tls;
    static ProbeListener http;
    static ProbeListener secondAddress;

    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        tls = new ProbeListener(ProbeListener.Kind.TLS, "127.0.0.1");
        http = new ProbeListener(ProbeListener.Kind.HTTP, "127.0.0.1");
        secondAddress = new ProbeListener(ProbeListener.Kind.HTTP, "127.0.0.2");
        dir = Files.createTempDirectory("probe-it-");
        Path registrationsFile = dir.resolve("registrations.json");
        Files.writeString(
                registrationsFile,
                "{\"registrations\": [{\"issuer\": \"https://lms.probe.example\", "
                        + "\"clientId\": \"probe\", \"name\": \"Probe\", \"authUrl\": \"https://lms.probe.example/auth\", "
                        + "\"jwksUrl\": \"https://127.0.0.1:" + tls.port() + "/jwks\", "
                        + "\"tokenUrl\": \"https://lms.probe.example/token\", \"deployments\": [\"1\"]}]}");
        strict = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode",
                        "false",
                        "attention.outbound.allowPrivateNetworks",
                        "false",
                        "attention.outbound.allowHttp",
                        "false",
                        "attention.registrationTimeoutSeconds",
                        "3",
                        "attention.registrationConnectSeconds",
                        "2",
                        "attention.registrationsFile",
                        registrationsFile.toString()),
                Map.of("root", "s3cret"));
        allowsOneAddress = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode",
                        "false",
                        "attention.outbound.allowPrivateNetworks",
                        "127.0.0.1/32",
                        "attention.outbound.allowHttp",
                        "true",
                        "attention.registrationTimeoutSeconds",
                        "3",
                        "attention.registrationConnectSeconds",
                        "2"));
        limited = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode",
                        "false",
                        "attention.outbound.allowPrivateNetworks",
                        "false",
                        "attention.outbound.allowHttp",
                        "false",
                        "attention.registrationAttemptsPerMinute",
                        "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {strict, allowsOneAddress, limited, tls, http, secondAddress}) {
            if (c != null) {
                c.close();
            }
        }
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    private static HttpResponse<String> register(TomcatServer tool, String configUrl) throws Exception {
        return new ToolClient(tool.baseUrl())
                .get("/lti/register?openid_configuration=" + EmulatedPlatform.enc(configUrl) + "&registration_token=t");
    }

    @Test
    void outsideDevModeLoopbackIsRefusedInEveryWrittenFormAndNeverConnected() throws Exception {
        int before = tls.connections.get();
        int httpBefore = http.connections.get();
        int port = tls.port();
        for (String host : List.of(
                "127.0.0.1",
                "localhost",
                "127.1",
                "2130706433",
                "0x7f000001",
                "0177.0.0.1",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "[::1]",
                "0.0.0.0",
                "[::]")) {
            HttpResponse<String> r = register(strict, "https://" + host + ":" + port + "/config");
            assertEquals(400, r.statusCode(), host + ": " + r.body());
            assertTrue(r.body().contains("data-registration=\"failed\""), host);
        }
        HttpResponse<String> plain = register(strict, "https://127.0.0.1:" + port + "/config");
        assertTrue(plain.body().contains("DR_CONFIG_UNREACHABLE"), plain.body());
        assertEquals(before, tls.connections.get(), "the tool never connected to a loopback port");
        assertTrue(
                register(strict, "http://127.0.0.1:" + http.port() + "/config")
                        .body()
                        .contains("DR_CONFIG_URL_INSECURE"),
                "plain http is refused outside dev mode");
        assertEquals(httpBefore, http.connections.get());
    }

    @Test
    void theConsolesJwksHealthCheckGoesThroughThePolicyToo() throws Exception {
        int before = tls.connections.get();
        HttpResponse<String> r = new ToolClient(strict.baseUrl(), "root", "s3cret").get("/admin/api/registrations");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("refused by the outbound policy"), r.body());
        assertEquals(before, tls.connections.get(), "the JWKS on a loopback address was not fetched");
    }

    @Test
    void closedOpenPlainTlsAndRefusedAddressesAllGiveTheSameAnswer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("closed port over https", "https://127.0.0.1:" + closed + "/config");
        targets.put("plain http port over https", "https://127.0.0.1:" + http.port() + "/config");
        targets.put("TLS port with something else behind it", "https://127.0.0.1:" + tls.port() + "/config");
        targets.put("refused private address", "https://127.0.0.2:" + secondAddress.port() + "/config");
        targets.put("closed port over http", "http://127.0.0.1:" + closed + "/config");
        targets.put("web page over http", "http://127.0.0.1:" + http.port() + "/config");
        String firstBody = null;
        int firstStatus = 0;
        for (Map.Entry<String, String> t : targets.entrySet()) {
            HttpResponse<String> r = register(allowsOneAddress, t.getValue());
            assertTrue(r.body().contains("DR_CONFIG_UNREACHABLE"), t.getKey() + ": " + r.body());
            assertFalse(r.body().contains(t.getValue().replaceAll("/config$", "")), "no address echoed: " + t.getKey());
            if (firstBody == null) {
                firstBody = r.body();
                firstStatus = r.statusCode();
            } else {
                assertEquals(firstStatus, r.statusCode(), t.getKey());
                assertEquals(firstBody, r.body(), "the same page for: " + t.getKey());
            }
        }
        assertTrue(http.connections.get() >= 2, "the allowed address was really tried");
        assertTrue(tls.connections.get() >= 1, "the TLS port was really tried");
        assertEquals(0, secondAddress.connections.get(), "127.0.0.2 is not in the allowed range: never connected");
    }

    @Test
    void anonymousRegistrationAttemptsAreRateLimitedPerAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = register(limited, "https://127.0.0.1:" + tls.port() + "/config");
            assertNotEquals(429, r.statusCode(), "attempt " + (i + 1) + " is within the limit");
        }
        HttpResponse<String> r = register(limited, "https://127.0.0.1:" + tls.port() + "/config");
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(r.body().contains("DR_RATE_LIMITED"), r.body());
        assertTrue(r.body().contains("data-registration=\"failed\""), "a plain page");
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }
}
