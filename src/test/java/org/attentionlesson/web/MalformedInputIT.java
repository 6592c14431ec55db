package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;

/**
 * Generated bad input against the real WAR (jqwik): 5,000 raw HTTP requests (malformed {@code %}-encodings,
 * request lines that are not URIs, odd methods and content types, bodies of random bytes, every endpoint, with and
 * without the admin's credentials) and 5,000 id_tokens made of generated headers, payloads and signatures posted
 * behind a real login. Not one may be answered 5xx. jqwik prints the seed; {@code -Djqwik.seeds.whenfixed} or
 * {@code @Property(seed=…)} replays a failure. Bounded: a fixed number of tries, each with a 10 s socket timeout.
 */
class MalformedInputIT {
    static final int TRIES = Integer.getInteger("attention.fuzz.tries", 5000);
    static final List<String> PATHS = List.of(
            "/lti/login",
            "/lti/launch",
            "/lti/launch/confirm",
            "/lti/register",
            "/.well-known/jwks.json",
            "/lti-config/moodle.md",
            "/lti-config/canvas-developer-key.json",
            "/lesson",
            "/api/exercise/attempts",
            "/api/flashcards/deck",
            "/api/grade-status",
            "/deep-linking",
            "/review",
            "/instructor/grades",
            "/instructor/class",
            "/admin/",
            "/admin/registrations/1",
            "/admin/api/keys",
            "/admin/api/registrations",
            "/admin/api/keys/rotate",
            "/health",
            "/error",
            "/static/js/api.js",
            "/dev",
            "/");
    static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("root:s3cret".getBytes(StandardCharsets.UTF_8));

    static TestPlatform platform;
    static TestDatabase db;
    static TomcatServer tomcat;
    static LtiHttp http;
    static Path dir;
    static final Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();

    @BeforeContainer
    static void start() throws Exception {
        platform = TestPlatform.start("generated");
        dir = Files.createTempDirectory("malformed-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params, Map.of("root", "s3cret"));
        http = new LtiHttp(tomcat.baseUrl());
    }

    @AfterContainer
    static void stop() {
        System.out.println("MalformedInputIT statuses " + statuses);
        tomcat.close();
        platform.close();
        db.close();
        TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
    }

    @Property(tries = 5000, shrinking = ShrinkingMode.OFF)
    void noMalformedRequestIsAnswered5xx(@ForAll("requests") String request) throws IOException {
        int status = send(request);
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        assertTrue(status > 0 && status < 500, status + " for:\n" + abbreviate(request));
    }

    @Property(tries = 5000, shrinking = ShrinkingMode.OFF)
    void noGeneratedIdTokenIsAnswered5xx(
            @ForAll("tokenHeaders") String header,
            @ForAll("tokenPayloads") String payload,
            @ForAll("signatures") String signature,
            @ForAll boolean keepState) {
        LtiHttp.Login login = http.login(platform);
        String p = payload.replace("NONCE", login.nonce())
                .replace("TOOL", tomcat.baseUrl())
                .replace("ISS", platform.issuer())
                .replace("AUD", platform.clientId());
        String token = b64(header) + "." + b64(p) + "." + signature;
        HttpResponse<String> r = http.launch(token, keepState ? login.state() : login.state() + "x", login.cookie());
        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        assertTrue(r.statusCode() < 500, r.statusCode() + " for token " + abbreviate(token));
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "BREW", "get");
        Arbitrary<String> path =
                Combinators.combine(Arbitraries.of(PATHS), junk(12)).as((p, j) -> p + j);
        Arbitrary<String> query = Combinators.combine(junk(20), junk(20)).as((k, v) -> "?" + k + "=" + v + "&lt=" + v);
        Arbitrary<String> contentType = Arbitraries.of(
                "application/x-www-form-urlencoded",
                "application/json",
                "multipart/form-data; boundary=x",
                "text/plain; charset=nonsense",
                "application/x-www-form-urlencoded; charset=utf-16",
                "",
                "*/*");
        Arbitrary<String> accept = Arbitraries.of("text/html", "application/json", "*/*", "");
        Arbitrary<String> body = Arbitraries.oneOf(
                junk(200),
                Combinators.combine(junk(30), junk(30)).as((a, b) -> "id_token=" + a + "&state=" + b),
                Arbitraries.of("{", "{\"graceMinutes\": \"%zz\"}", "[]", "null"));
        Arbitrary<Boolean> admin = Arbitraries.of(true, false);
        return Combinators.combine(method, path, query, contentType, accept, body, admin)
                .as((m, p, q, ct, a, b, auth) -> {
                    byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
                    StringBuilder sb = new StringBuilder()
                            .append(m)
                            .append(' ')
                            .append(p)
                            .append(q)
                            .append(" HTTP/1.1\r\n")
                            .append("Host: localhost\r\nConnection: close\r\n");
                    if (!ct.isEmpty()) {
                        sb.append("Content-Type: ").append(ct).append("\r\n");
                    }
                    if (!a.isEmpty()) {
                        sb.append("Accept: ").append(a).append("\r\n");
                    }
                    if (auth) {
                        sb.append("Authorization: ").append(ADMIN).append("\r\n");
                    }
                    sb.append("Content-Length: ")
                            .append(bytes.length)
                            .append("\r\n\r\n")
                            .append(new String(bytes, StandardCharsets.ISO_8859_1));
                    return sb.toString();
                });
    }

    /** Text that breaks decoders: stray and truncated {@code %}-escapes, overlong UTF-8, NUL, quotes, spaces. */
    static Arbitrary<String> junk(int max) {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "%",
                        "%z",
                        "%zz",
                        "%0",
                        "%C0%AF",
                        "%E0%A4%A",
                        "%FF",
                        "%00",
                        "%25",
                        "%2e%2e/",
                        "..;/",
                        "+",
                        "%u0041",
                        "&",
                        "=",
                        ";",
                        "\"",
                        "'",
                        "<",
                        ">",
                        "\\",
                        "é",
                        "中",
                        "%0d%0a",
                        "/",
                        "?",
                        "#"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(6));
        return piece.list().ofMaxSize(max).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> tokenHeaders() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "{\"alg\":\"RS256\",\"kid\":\"" + platform.signingKey().getKeyID() + "\"}",
                        "{\"alg\":\"none\"}",
                        "{\"alg\":\"HS256\",\"kid\":\"" + platform.signingKey().getKeyID() + "\"}",
                        "{}",
                        "[]",
                        "null",
                        "",
                        "{\"alg\":\"RS256\",\"kid\":null}",
                        "{\"alg\":\"RS256\",\"kid\":{\"a\":1}}",
                        "{\"alg\":\"RS256\",\"crit\":[1]}",
                        "{\"alg\":\"RS256\",\"kid\":\"" + platform.signingKey().getKeyID()
                                + "\",\"b64\":false,\"crit\":[\"b64\"]}"),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> tokenPayloads() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "1e999",
                        "-0",
                        "[]",
                        "{}",
                        "\"\"",
                        "\"NONCE\"",
                        "\"ISS\"",
                        "\"AUD\"",
                        "[\"AUD\",\"x\"]",
                        "\"TOOL/lti/launch\"",
                        "\"1.3.0\"",
                        "9223372036854775808",
                        "{\"id\":\"l\"}",
                        "[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"]",
                        "\"\\u0000\"",
                        "\"LtiResourceLinkRequest\"",
                        "\"LtiDeepLinkingRequest\""),
                Arbitraries.strings()
                        .ofMaxLength(20)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> name = Arbitraries.of(
                "iss",
                "aud",
                "sub",
                "exp",
                "iat",
                "nonce",
                "azp",
                TestPlatform.LTI + "message_type",
                TestPlatform.LTI + "version",
                TestPlatform.LTI + "deployment_id",
                TestPlatform.LTI + "target_link_uri",
                TestPlatform.LTI + "resource_link",
                TestPlatform.LTI + "roles",
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
                "x");
        Arbitrary<String> member = Combinators.combine(name, value).as((n, v) -> "\"" + n + "\":" + v);
        return Arbitraries.oneOf(
                member.list().ofMaxSize(14).map(l -> "{" + String.join(",", l) + "}"),
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("{", "{\"iss\":", "{\"a\":1,\"a\":2}", "[".repeat(300)));
    }

    @Provide
    Arbitrary<String> signatures() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCabc019-_").ofMaxLength(400),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("", "====", "a.b"));
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    int send(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", tomcat.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            in.readAllBytes();
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + ")" : s;
    }
}
