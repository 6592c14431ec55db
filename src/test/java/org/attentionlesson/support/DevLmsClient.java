package org.attentionlesson.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser stand-in for integration tests: walks a whole launch through the built-in dev LMS ({@code /dev}, on when
 * {@code attention.devMode=true}) over real HTTP, the way a browser would, and hands back where it ended.
 *
 * <pre>{@code
 * try (TomcatServer server = TomcatServer.start(0, Map.of("attention.devMode", "true"))) {
 *     DevLmsClient browser = new DevLmsClient(server.baseUrl());
 *     DevLmsClient.Launch launch = browser.launch("student-ada", "get");
 *     browser.get("/lesson?lt=" + launch.launchToken());   // any later page of the launch
 * }
 * }</pre>
 *
 * <p>People: {@code student-ada}, {@code student-grace} (learners), {@code teacher-alan} (instructor).
 *
 * <p>Redirects are never followed on their own ({@link #get} and {@link #postForm} return 3xx as they are); only
 * {@link #launch} walks them. Cookies are kept by name for the tool's host (path, expiry and {@code Secure} are
 * ignored on purpose: Java's {@code CookieManager} drops {@code Secure} cookies on http://localhost, a browser does
 * not). A step that answers anything unexpected fails with the step, status and the start of the body.
 */
public final class DevLmsClient {
    private static final Pattern FORM =
            Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*\"([^\"]*)\"");

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** A browser for the tool at {@code baseUrl} (e.g. {@link TomcatServer#baseUrl()}); it has no cookies yet. */
    public DevLmsClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The end of a successful launch.
     *
     * @param location    the tool's final {@code 303 Location}, e.g. {@code /lesson?lt=…} (as the tool sent it)
     * @param launchToken the {@code lt} value from that location: present it on later requests of this launch
     * @param html        the page at {@code location}, fetched with GET (status 200)
     * @param idToken     the {@code id_token} the dev LMS posted to {@code /lti/launch} (for replay tests)
     */
    public record Launch(String location, String launchToken, String html, String idToken) {}

    /** An HTTP answer: status, headers and body as text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** The {@code Location} header; fails if there is none. */
        public String location() {
            return header("Location")
                    .orElseThrow(() -> new AssertionError("No Location header (status " + status + ")"));
        }
    }

    /** A form found in a page: its absolute {@code action} URL and its {@code input} fields (values unescaped). */
    public record Form(String action, Map<String, String> fields) {}

    /** Launches the dev course's activity as {@code user} in a new window; {@code method} is {@code get} or {@code post}. */
    public Launch launch(String user, String method) {
        return launch(user, method, "window");
    }

    /**
     * Launches as {@code user} with login initiation by {@code method} ({@code get}: 302 redirect, {@code post}:
     * auto-submitting form) and {@code target} ({@code iframe} or {@code window}, the launch's document target):
     * {@code /dev/start} → {@code /lti/login} → {@code /dev/auth} → POST {@code /lti/launch} → GET the lesson.
     */
    public Launch launch(String user, String method, String target) {
        Response start = get("/dev/start?user=" + enc(user) + "&target=" + enc(target) + "&method=" + enc(method));
        Response login;
        if ("post".equals(method)) {
            expect("GET /dev/start (POST login initiation page)", start, 200);
            Form form = form(start.body());
            login = postForm(form.action(), form.fields());
        } else {
            expect("GET /dev/start", start, 302);
            login = get(start.location());
        }
        expect("login initiation at /lti/login", login, 302);
        Response auth = get(login.location());
        expect("GET /dev/auth", auth, 200);
        Form launchForm = form(auth.body());
        String idToken = launchForm.fields().get("id_token");
        Response launched = postForm(launchForm.action(), launchForm.fields());
        expect("POST /lti/launch", launched, 303);
        String location = launched.location();
        String token = queryParam(location, "lt")
                .orElseThrow(() -> new AssertionError("The launch redirect has no lt parameter: " + location));
        Response page = get(location);
        expect("GET " + path(location), page, 200);
        return new Launch(location, token, page.body(), idToken);
    }

    /** GET {@code pathOrUrl} (a path such as {@code /dev} or an absolute URL) with this browser's cookies. */
    public Response get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    /** POST an {@code application/x-www-form-urlencoded} form, as a browser submits one. */
    public Response postForm(String pathOrUrl, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The first {@code <form>} in {@code html}. */
    public Form form(String html) {
        Matcher m = FORM.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No form in the page: " + clip(html));
        }
        Map<String, String> formAttrs = attributes(m.group(1));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher in = INPUT.matcher(m.group(2));
        while (in.find()) {
            Map<String, String> a = attributes(in.group(1));
            if (a.containsKey("name")) {
                fields.put(a.get("name"), a.getOrDefault("value", ""));
            }
        }
        return new Form(resolve(formAttrs.getOrDefault("action", "")).toString(), fields);
    }

    /** The cookies this browser holds, by name. */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    private Response send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keepCookies(r.headers().allValues("Set-Cookie"));
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(List<String> setCookies) {
        for (String header : setCookies) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean expired = value.isEmpty() || header.toLowerCase().matches(".*;\\s*max-age=0\\b.*");
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private URI resolve(String pathOrUrl) {
        return URI.create(baseUrl + "/").resolve(pathOrUrl);
    }

    private static void expect(String step, Response r, int status) {
        if (r.status() != status) {
            throw new AssertionError(step + ": expected HTTP " + status + " but got " + r.status()
                    + r.header("Location").map(l -> " → " + l).orElse("") + "\n" + clip(r.body()));
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(tag);
        while (m.find()) {
            out.put(m.group(1).toLowerCase(), unescape(m.group(2)));
        }
        return out;
    }

    /** Undoes HTML escaping of attribute values (named basics and numeric references). */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
                .matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default ->
                    new String(Character.toChars(
                            e.startsWith("#x")
                                    ? Integer.parseInt(e.substring(2), 16)
                                    : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Optional<String> queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
