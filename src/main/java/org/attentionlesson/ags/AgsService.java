package org.attentionlesson.ags;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.web.Json;

/**
 * The Assignment and Grade Services calls (AGS 2.0 §3): find or create a line item in a container, and publish a
 * score. Each call takes the bearer token to use; token refresh on 401 is the caller's decision.
 */
public final class AgsService {
    /** More pages than this is a platform looping its own {@code next} link. */
    private static final int MAX_PAGES = 50;

    private final PlatformHttp http;

    public AgsService(PlatformHttp http) {
        this.http = http;
    }

    /** Whether a service URL from a launch or a platform reply is on the registration's own origins. */
    public boolean serviceUrlAllowed(org.attentionlesson.lti.PlatformRegistration registration, String url) {
        return http.serviceUrlAllowed(registration, url);
    }

    /**
     * Our line item in the container: matched by {@code resourceLinkId}, else by {@code resourceId} and
     * {@code tag}, following {@code rel="next"} pages.
     */
    public Optional<LineItem> find(
            String containerUrl, AccessToken token, String resourceLinkId, String resourceId, String tag)
            throws AgsException {
        String url = withQuery(containerUrl, "resource_link_id=" + enc(resourceLinkId));
        Set<String> seen = new HashSet<>();
        LineItem byResource = null;
        for (int page = 0; url != null && page < MAX_PAGES && seen.add(url); page++) {
            PlatformHttp.Reply r = http.send(
                    "The line item container",
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token.value())
                            .header("Accept", AgsScope.LINEITEM_CONTAINER_TYPE)
                            .GET());
            if (!r.ok()) {
                throw AgsException.fromResponse("The line item container", r);
            }
            JsonNode list = parse(r.body(), "The line item container");
            if (!list.isArray()) {
                throw AgsException.retryable("The line item container answered something that is not a list");
            }
            for (JsonNode n : list) {
                LineItem item = LineItem.parse(n);
                if (item == null) {
                    continue;
                }
                if (resourceLinkId.equals(item.resourceLinkId())) {
                    return Optional.of(item);
                }
                if (byResource == null
                        && resourceId != null
                        && resourceId.equals(item.resourceId())
                        && (tag == null || tag.equals(item.tag()))) {
                    byResource = item;
                }
            }
            url = LinkHeader.next(r.headers().allValues("Link")).orElse(null);
            if (url != null
                    && !java.util.Objects.equals(
                            org.attentionlesson.outbound.ServiceOrigins.origin(url),
                            org.attentionlesson.outbound.ServiceOrigins.origin(containerUrl))) {
                throw PlatformHttp.offOrigin("The next page of the line item container"); // never followed elsewhere
            }
        }
        return Optional.ofNullable(byResource);
    }

    /** Reads one line item (AGS 2.0 §3.2, needs {@code lineitem} or {@code lineitem.readonly}). */
    public LineItem get(String lineItemUrl, AccessToken token) throws AgsException {
        PlatformHttp.Reply r = http.send(
                "The line item",
                HttpRequest.newBuilder(URI.create(lineItemUrl))
                        .header("Authorization", "Bearer " + token.value())
                        .header("Accept", AgsScope.LINEITEM_TYPE)
                        .GET());
        if (!r.ok()) {
            throw AgsException.fromResponse("The line item", r);
        }
        LineItem item = LineItem.parse(parse(r.body(), "The line item"));
        if (item == null) {
            throw AgsException.retryable("The line item answered without its id");
        }
        return item;
    }

    /** Creates the line item in the container (needs the {@code lineitem} scope). */
    public LineItem create(String containerUrl, AccessToken token, LineItem draft) throws AgsException {
        PlatformHttp.Reply r = http.send(
                "The line item container",
                HttpRequest.newBuilder(URI.create(containerUrl))
                        .header("Authorization", "Bearer " + token.value())
                        .header("Content-Type", AgsScope.LINEITEM_TYPE)
                        .header("Accept", AgsScope.LINEITEM_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(draft.creationBody()))));
        if (!r.ok()) {
            throw AgsException.fromResponse("Creating the line item", r);
        }
        LineItem created = LineItem.parse(parse(r.body(), "Creating the line item"));
        if (created == null) {
            throw AgsException.retryable("Creating the line item answered without the new item's id");
        }
        return created;
    }

    /**
     * Publishes a score to the line item's {@code /scores} endpoint. Returns normally when the platform took it, or
     * answered 409 (the timestamp is not newer than the stored one: already there, or superseded).
     *
     * @return the HTTP status the platform answered (200-299 or 409)
     */
    public int publish(String lineItemUrl, AccessToken token, Score score) throws AgsException {
        PlatformHttp.Reply r = http.send(
                "The scores endpoint",
                HttpRequest.newBuilder(scoresUrl(lineItemUrl))
                        .header("Authorization", "Bearer " + token.value())
                        .header("Content-Type", AgsScope.SCORE_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(score.body()))));
        if (r.ok() || r.status() == 409) {
            return r.status();
        }
        throw AgsException.fromResponse("The scores endpoint", r);
    }

    /** {@code /scores} added to the line item URL's path; its query (Moodle's {@code ?type_id=}) kept (AGS §3.4). */
    public static URI scoresUrl(String lineItemUrl) {
        URI u = URI.create(lineItemUrl);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(u.getScheme())
                .append("://")
                .append(u.getRawAuthority())
                .append(path)
                .append("/scores");
        if (u.getRawQuery() != null) {
            sb.append('?').append(u.getRawQuery());
        }
        return URI.create(sb.toString());
    }

    static String withQuery(String url, String param) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        return base + (base.contains("?") ? "&" : "?") + param;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body, String what) throws AgsException {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null) {
                throw AgsException.retryable(what + " answered an empty body");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AgsException.retryable(what + " answered something that is not JSON");
        }
    }
}
