package org.attentionlesson.nrps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.ags.LinkHeader;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.web.Json;

/**
 * Names and Role Provisioning Services 2.0 client: reads a context's membership container (NRPS 2.0 §2.3–2.4),
 * following every {@code Link: <…>; rel="next"} page (§2.4.1, "Limit query parameter"), with the optional
 * {@code role} filter (§2.4.3) and resource link filter {@code rlid} (§3, "Resource link membership"). Calls go
 * through {@link PlatformHttp}, so they share its timeouts, size cap and outbound rules.
 *
 * <p>Bounded: at most {@link Limits#maxPages()} pages and {@link Limits#maxMembers()} members; a {@code next} link
 * already visited (a loop), pointing to another origin (the bearer token must not leave the platform), or a reply
 * that is not a membership container stops the reading with a {@link Roster.Problem}; members read until then are
 * kept.
 */
public final class NrpsClient {
    public static final String SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    public static final String CONTAINER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    /** Longest personal field kept; a longer name is cut (with an ellipsis) so one entry cannot bloat a page. */
    static final int MAX_FIELD = 256;

    /** Reading bounds: total members kept, pages followed, and the page size asked for ({@code limit}). */
    public record Limits(int maxMembers, int maxPages, int pageSize) {}

    /** What to ask for: the membership URL of the launch claim, and the optional filters. */
    /**
     * {@code registration}: when given, every page must lie on one of its declared origins (the outbound policy's
     * service-origin rule); null only in tests of the client alone.
     */
    public record Query(String membershipsUrl, String role, String resourceLinkId, PlatformRegistration registration) {
        public Query(String membershipsUrl, String role, String resourceLinkId) {
            this(membershipsUrl, role, resourceLinkId, null);
        }
    }

    /** Where the bearer token comes from; {@link #refused} drops one the platform answered 401 to. */
    public interface TokenSource {
        AccessToken get() throws AgsException;

        void refused(AccessToken token);
    }

    private final PlatformHttp http;
    private final Clock clock;
    private final Limits limits;

    public NrpsClient(PlatformHttp http, Clock clock, Limits limits) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Reads every page of the membership container; never throws for what the platform answers. */
    public Roster fetch(Query query, TokenSource tokens) {
        Map<String, Member> members = new LinkedHashMap<>();
        URI first;
        try {
            first = URI.create(firstUrl(query));
            if (first.getScheme() == null
                    || first.getHost() == null
                    || !(first.getScheme().equals("https") || first.getScheme().equals("http"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            return done(
                    members, 0, "NRPS_BAD_URL", "The course's membership URL is not a web address the tool can call.");
        }
        String origin = PlatformRegistration.originOf(first);
        Set<String> seen = new HashSet<>();
        String url = first.toString();
        int pages = 0;
        boolean retriedToken = false;
        while (url != null) {
            if (!seen.add(url)) {
                return done(
                        members,
                        pages,
                        "NRPS_LOOP",
                        "The platform's member list points back to a page already read;" + " reading stopped there.");
            }
            if (pages >= limits.maxPages()) {
                return done(
                        members,
                        pages,
                        "NRPS_TOO_MANY_PAGES",
                        "The platform's member list has more than " + limits.maxPages()
                                + " pages; the first pages are shown.");
            }
            PlatformHttp.Reply reply;
            AccessToken token = null;
            try {
                token = tokens.get();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token.value())
                        .header("Accept", CONTAINER_TYPE)
                        .GET();
                reply = query.registration() == null
                        ? http.send("The course's member list", request)
                        : http.send(query.registration(), "The course's member list", request);
            } catch (AgsException e) {
                return done(
                        members,
                        pages,
                        "NRPS_UNAVAILABLE",
                        "The platform's member list could not be read: " + e.getMessage());
            }
            if (reply.status() == 401 && !retriedToken) {
                tokens.refused(token); // a token the platform no longer honours: drop it, ask again once
                retriedToken = true;
                seen.remove(url);
                continue;
            }
            if (!reply.ok()) {
                return done(
                        members,
                        pages,
                        "NRPS_REFUSED",
                        "The platform answered " + reply.status() + " when the tool asked for the course's members"
                                + hint(reply.status()));
            }
            pages++;
            String problem = readPage(reply.body(), members);
            if (problem != null) {
                return done(members, pages, "NRPS_MALFORMED", problem);
            }
            if (members.size() > limits.maxMembers()) {
                List<Member> kept = new ArrayList<>(members.values()).subList(0, limits.maxMembers());
                return new Roster(
                        kept,
                        pages,
                        clock.instant(),
                        new Roster.Problem(
                                "NRPS_TOO_MANY_MEMBERS",
                                "The course has more than " + limits.maxMembers() + " members; the first "
                                        + limits.maxMembers() + " are shown."));
            }
            String next = LinkHeader.next(reply.headers().allValues("Link")).orElse(null);
            if (next != null) {
                URI nextUri;
                try {
                    nextUri = first.resolve(next);
                } catch (IllegalArgumentException e) {
                    return done(
                            members, pages, "NRPS_MALFORMED", "The platform's next-page link is not a web address.");
                }
                if (!origin.equals(PlatformRegistration.originOf(nextUri))) {
                    return done(
                            members,
                            pages,
                            "NRPS_NEXT_OFF_SITE",
                            "The platform's next-page link leads to another"
                                    + " site; the tool does not send its access there.");
                }
                next = nextUri.toString();
            }
            url = next;
        }
        return new Roster(new ArrayList<>(members.values()), pages, clock.instant(), null);
    }

    private Roster done(Map<String, Member> members, int pages, String code, String message) {
        return new Roster(new ArrayList<>(members.values()), pages, clock.instant(), new Roster.Problem(code, message));
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 ->
                ": the access token was refused (on Moodle, check that the web server passes the Authorization"
                        + " header).";
            case 403 -> ": Names and Role Provisioning may be turned off for this tool in the course or site settings.";
            default -> ".";
        };
    }

    String firstUrl(Query q) {
        StringBuilder params = new StringBuilder();
        if (q.role() != null) {
            params.append("role=").append(enc(q.role()));
        }
        if (q.resourceLinkId() != null) {
            params.append(params.isEmpty() ? "" : "&").append("rlid=").append(enc(q.resourceLinkId()));
        }
        if (limits.pageSize() > 0) {
            params.append(params.isEmpty() ? "" : "&").append("limit=").append(limits.pageSize());
        }
        String url = q.membershipsUrl();
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        return params.isEmpty() ? base : base + (base.contains("?") ? "&" : "?") + params;
    }

    /** Adds a page's members; returns why the page is not a membership container, or null. */
    static String readPage(String body, Map<String, Member> into) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return "The platform's member list is not JSON; reading stopped.";
        }
        if (root == null || !root.isObject() || !root.path("members").isArray()) {
            return "The platform's member list has no members array; reading stopped.";
        }
        for (JsonNode m : root.get("members")) {
            if (!m.isObject()) {
                continue;
            }
            String userId = text(m, "user_id");
            if (userId == null || userId.isBlank() || userId.length() > MAX_FIELD) {
                continue; // not addressable: no score can be sent for it either
            }
            List<String> roles = new ArrayList<>();
            for (JsonNode r : m.path("roles")) {
                if (r.isTextual()) {
                    roles.add(r.asText());
                }
            }
            Member.Status status = switch (String.valueOf(text(m, "status"))) {
                case "Inactive" -> Member.Status.INACTIVE;
                case "Deleted" -> Member.Status.DELETED;
                default -> Member.Status.ACTIVE;
            };
            into.putIfAbsent(
                    userId,
                    new Member(
                            userId,
                            clip(text(m, "name")),
                            clip(text(m, "given_name")),
                            clip(text(m, "family_name")),
                            clip(text(m, "email")),
                            roles,
                            status));
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    static String clip(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = s.replaceAll("[\\p{Cntrl}&&[^\\t]]", " ");
        return oneLine.length() <= MAX_FIELD ? oneLine : oneLine.substring(0, MAX_FIELD - 1) + "…";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
