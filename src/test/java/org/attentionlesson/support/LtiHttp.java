package org.attentionlesson.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw HTTP against the tool the way a browser and a platform would talk to it: login initiation, then the
 * launch form post with the state cookie. Redirects are not followed, so tests see every hop.
 */
public final class LtiHttp {
    private final String toolBase;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public LtiHttp(String toolBase) {
        this.toolBase = toolBase;
    }

    public HttpClient client() {
        return client;
    }

    /** What the tool's login initiation answered: the redirect to the platform and the state cookie. */
    public record Login(int status, String location, Map<String, String> query, String cookie, String body) {
        public String state() {
            return query.get("state");
        }

        public String nonce() {
            return query.get("nonce");
        }
    }

    public Login login(String method, Map<String, String> params) {
        String form = form(params);
        HttpRequest req = "GET".equals(method)
                ? HttpRequest.newBuilder(URI.create(toolBase + "/lti/login?" + form))
                        .GET()
                        .build()
                : HttpRequest.newBuilder(URI.create(toolBase + "/lti/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
        HttpResponse<String> r = send(req);
        String location = r.headers().firstValue("Location").orElse(null);
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("lti_state_"))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElse(null);
        return new Login(
                r.statusCode(), location, location == null ? Map.of() : query(URI.create(location)), cookie, r.body());
    }

    public Login login(TestPlatform platform) {
        return login(
                "GET",
                Map.of(
                        "iss",
                        platform.issuer(),
                        "login_hint",
                        "user-1",
                        "target_link_uri",
                        toolBase + "/lti/launch",
                        "client_id",
                        platform.clientId(),
                        "lti_message_hint",
                        "{\"hint\":1}"));
    }

    /** Posts the launch form; {@code cookie} may be null (a browser that kept no cookie). */
    public HttpResponse<String> launch(String idToken, String state, String cookie) {
        Map<String, String> p = new LinkedHashMap<>();
        if (idToken != null) {
            p.put("id_token", idToken);
        }
        if (state != null) {
            p.put("state", state);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(toolBase + "/lti/launch"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(p)));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : toolBase + pathOrUrl;
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest req) {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** The {@code "code"} of the error page or JSON: pages print it inside {@code <code>…</code>}. */
    public static String errorCode(HttpResponse<String> r) {
        String body = r.body();
        int i = body.indexOf("<code>");
        if (i >= 0) {
            return body.substring(i + 6, body.indexOf("</code>", i));
        }
        int j = body.indexOf("\"code\":\"");
        if (j >= 0) {
            return body.substring(j + 8, body.indexOf('"', j + 8));
        }
        return null;
    }

    public static List<String> setCookies(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie");
    }
}
