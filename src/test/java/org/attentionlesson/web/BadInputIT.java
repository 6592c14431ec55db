package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input from a stranger: malformed {@code %}-encoding, a 3 MB form, oversized headers, request lines that are
 * not URIs, remote text with line breaks. Each gets a 4xx with the tool's page (or JSON for the admin API) and a
 * stable code, one warning line in the log and no stack trace, never a 500, never the server's version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream realOut;
    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    HttpClient http = HttpClient.newHttpClient();

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        realOut = System.out;
        System.setOut(new PrintStream(new Tee(realOut, log), true, StandardCharsets.UTF_8));
        platform = TestPlatform.start("bad-input");
        dir = Files.createTempDirectory("bad-input-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params, Map.of("root", "s3cret"));
    }

    @AfterAll
    void stop() {
        tomcat.close();
        platform.close();
        db.close();
        System.setOut(realOut);
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    @Test
    void malformedPercentEncodingIsA400WithTheToolsPageAndOneWarningLine() throws Exception {
        int mark = log.size();
        HttpResponse<String> r = post("/lti/launch", "id_token=%zz&state=%E0%A4%A");
        assertToolError(r, 400, "REQUEST_MALFORMED");
        String q = raw("GET /lti/login?iss=%&login_hint=%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(q.startsWith("HTTP/1.1 400"), q);
        assertTrue(q.contains("<code>REQUEST_MALFORMED</code>"), "the tool's page:\n" + q);
        assertNoServerVersion(q);
        String written = logSince(mark);
        assertFalse(written.contains("\tat "), "no stack trace in the log:\n" + written);
        assertFalse(written.contains("ERROR"), written);
        assertTrue(written.lines().filter(l -> l.contains("REQUEST_MALFORMED")).count() >= 1, written);
    }

    @Test
    void aThreeMegabyteFormIsA413() throws Exception {
        int mark = log.size();
        HttpResponse<String> r = post("/lti/launch", "state=s&id_token=" + "a".repeat(3 * 1024 * 1024));
        assertToolError(r, 413, "REQUEST_TOO_LARGE");
        String written = logSince(mark);
        assertFalse(written.contains("\tat "), written);
    }

    @Test
    void oversizedHeadersAndRequestLinesThatAreNotUrisGetA400WithoutTheServerVersion() throws Exception {
        String bigHeader = "GET /lesson HTTP/1.1\r\nHost: localhost\r\nCookie: a=" + "x".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n";
        for (String raw : List.of(
                bigHeader,
                "GET /lesson/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /a/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /lesson?lt=a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /\u0001\u007f HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
            String reply = raw(raw);
            int status = Integer.parseInt(reply.substring(9, 12));
            assertTrue(
                    status >= 400 && status < 500,
                    status + " for " + raw.substring(0, Math.min(60, raw.length())) + ":\n" + reply);
            assertNoServerVersion(reply);
        }
    }

    @Test
    void noServerVersionOnAnyErrorPage() throws Exception {
        assertNoServerVersion(raw("GET /nothing-here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        String brew = raw("BREW /lesson HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertNoServerVersion(brew);
        assertTrue(brew.startsWith("HTTP/1.1 405"), "an unknown method is the client's mistake, not a 501:\n" + brew);
    }

    @Test
    void adminApiErrorsAreJson() throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString("root:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(tomcat.baseUrl() + "/admin/api/nothing"))
                .header("Authorization", auth)
                .GET());
        assertEquals(404, r.statusCode());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
        assertEquals("NOT_FOUND", LtiHttp.errorCode(r));
        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(tomcat.baseUrl() + "/admin/api/keys/rotate"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")));
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), bad.body());
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(tomcat.baseUrl() + "/admin/api/keys"))
                .GET());
        assertEquals(401, anonymous.statusCode());
        assertTrue(
                anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                anonymous.body());
    }

    @Test
    void lineBreaksInRemoteTextNeverStartANewLogLine() throws Exception {
        int mark = log.size();
        String forged = "https://evil.example\r\n12:00:00.000 INFO  [main] FORGED - admin approved everything\u001b[2J";
        LtiHttp lti = new LtiHttp(tomcat.baseUrl());
        LtiHttp.Login login = lti.login(platform);
        HttpResponse<String> r = lti.launch(
                platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), "u", "Learner")
                        .issuer(forged)
                        .build()),
                login.state(),
                login.cookie());
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.body());
        LtiHttp.Login hinted = lti.login(
                "GET",
                Map.of(
                        "iss",
                        "https://nowhere\nFORGED line",
                        "login_hint",
                        "x",
                        "target_link_uri",
                        tomcat.baseUrl() + "/lti/launch"));
        assertTrue(hinted.status() >= 400 && hinted.status() < 500);
        // A form whose value holds raw line breaks and a bad escape: the container's complaint quotes the value.
        HttpResponse<String> form =
                post("/lti/launch", "state=s&id_token=x\r\n12:00:00.000 INFO  [main] FORGED - raw%zz");
        String written = logSince(mark);
        assertTrue(written.contains("FORGED - raw"), "the remote text is logged, neutralised:\n" + written);
        for (String line : written.split("\n")) {
            assertFalse(line.startsWith("12:00:00.000") || line.startsWith("FORGED"), "a forged log line:\n" + written);
            assertFalse(line.contains("\u001b") || line.contains("\r"), "a control character in the log: " + line);
        }
        assertEquals(400, form.statusCode(), form.body());
    }

    void assertToolError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, LtiHttp.errorCode(r), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
        assertNoServerVersion(r.body());
    }

    static void assertNoServerVersion(String reply) {
        assertFalse(
                reply.contains("Tomcat") || reply.contains("11.0."), "the server's name or version shows:\n" + reply);
        assertFalse(reply.toLowerCase().contains("\nserver:"), "a Server header:\n" + reply);
        assertFalse(reply.contains("\tat ") || reply.contains("Exception"), "a stack trace:\n" + reply);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(tomcat.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", tomcat.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    String logSince(int mark) throws Exception {
        Thread.sleep(300);
        synchronized (log) {
            byte[] all = log.toByteArray();
            return new String(
                    all, Math.min(mark, all.length), all.length - Math.min(mark, all.length), StandardCharsets.UTF_8);
        }
    }

    /** Copies what the tool logs to the console into {@code copy} too. */
    static final class Tee extends OutputStream {
        final OutputStream a;
        final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
