package org.attentionlesson.devplatform.gradebook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.devplatform.DevCourse;
import org.attentionlesson.devplatform.DevEndpoints;
import org.attentionlesson.devplatform.DevResourceLink;

/**
 * The dev LMS's gradebook: an OAuth token endpoint, the line item container, line items and their scores
 * endpoints, validating like the strictest of Moodle and Canvas, and a page at {@code /dev/gradebook} that shows
 * what arrived and can make the gradebook misbehave (503, 429, slow answers, expired tokens, a deleted line item).
 * State lives in memory: a restart empties it, as befits a dev tool.
 */
public final class DevGradebook {
    /** A gradebook column. Its URL is Moodle-shaped: {@code …/lineitems/<id>/lineitem?type_id=<id>}. */
    public record Column(
            int id, String label, double scoreMaximum, String resourceId, String tag, String resourceLinkId) {}

    /** The score a person holds in a column, and how often the tool posted it. */
    public record Entry(
            String userId,
            double scoreGiven,
            double scoreMaximum,
            String comment,
            Instant timestamp,
            Instant receivedAt,
            int posts,
            String activityProgress,
            String gradingProgress) {}

    /** One request the gradebook answered, for the page's log. */
    public record Logged(Instant at, String method, String path, int status, String note) {}

    /** An issued access token. */
    record Token(Set<String> scopes, Instant expiresAt) {}

    private final DevEndpoints endpoints;
    private final DevCourse course;
    private final Clock clock;
    private final Map<Integer, Column> columns = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, Entry>> entries = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Set<String> usedJti = ConcurrentHashMap.newKeySet();
    private final List<Logged> log = Collections.synchronizedList(new ArrayList<>());
    private int nextColumn = 2;

    // Fault switches, set from the page.
    volatile Instant unavailableUntil = Instant.EPOCH;
    volatile Instant throttledUntil = Instant.EPOCH;
    volatile int retryAfterSeconds = 5;
    volatile long slowMillis;

    DevGradebook(DevEndpoints endpoints, DevCourse course, Clock clock) {
        this.endpoints = endpoints;
        this.course = course;
        this.clock = clock;
        DevResourceLink link = course.firstLink();
        // Line item 1 is bound to the course's first link, so its launches carry the lineitem claim.
        columns.put(1, new Column(1, link.title(), 10, null, null, link.id()));
    }

    /** The dev LMS's gradebook side (token, line items, memberships, the gradebook page) for {@code course}. */
    public static DevGradebook create(DevEndpoints endpoints, DevCourse course, Clock clock) {
        return new DevGradebook(endpoints, course, clock);
    }

    /** {@code /dev/token}: the client credentials grant, checking the tool's assertion against its JWKS. */
    public jakarta.servlet.http.HttpServlet tokenServlet(String toolJwksUrl) {
        return new DevTokenServlet(this, new ToolJwks(toolJwksUrl));
    }

    /** {@code /dev/courses/<id>/lineitems[/*]}: the AGS line items and scores. */
    public jakarta.servlet.http.HttpServlet lineItemsServlet() {
        return new DevLineItemsServlet(this);
    }

    /** {@code /dev/courses/<id>/memberships}: the NRPS roster. */
    public jakarta.servlet.http.HttpServlet membershipsServlet() {
        return new DevMembershipsServlet(this);
    }

    /** {@code /dev/gradebook}: the gradebook page. */
    public jakarta.servlet.http.HttpServlet gradebookServlet(org.attentionlesson.web.Templates templates) {
        return new DevGradebookServlet(this, templates);
    }

    DevEndpoints endpoints() {
        return endpoints;
    }

    DevCourse course() {
        return course;
    }

    Clock clock() {
        return clock;
    }

    String tokenUrl() {
        return endpoints.tokenUrl().toString();
    }

    String columnUrl(int id) {
        return endpoints.lineItemUrl(course.id(), id);
    }

    /** Adds a column, as the tool's POST to the container does or as deep linking does for a link's line item. */
    public synchronized Column addColumn(
            String label, double max, String resourceId, String tag, String resourceLinkId) {
        Column c = new Column(nextColumn++, label, max, resourceId, tag, resourceLinkId);
        columns.put(c.id(), c);
        return c;
    }

    Column column(int id) {
        return columns.get(id);
    }

    List<Column> columns() {
        List<Column> out = new ArrayList<>(columns.values());
        out.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return out;
    }

    void deleteColumn(int id) {
        columns.remove(id);
    }

    void restoreFirstColumn() {
        DevResourceLink link = course.firstLink();
        columns.putIfAbsent(1, new Column(1, link.title(), 10, null, null, link.id()));
    }

    Map<String, Entry> entries(int column) {
        return entries.computeIfAbsent(column, k -> new ConcurrentHashMap<>());
    }

    String issueToken(Set<String> scopes, Duration lifetime) {
        String value = java.util.UUID.randomUUID().toString().replace("-", "");
        tokens.put(value, new Token(scopes, clock.instant().plus(lifetime)));
        return value;
    }

    Token token(String value) {
        Token t = tokens.get(value);
        return t == null || t.expiresAt().isBefore(clock.instant()) ? null : t;
    }

    void expireTokens() {
        tokens.clear();
    }

    /** A client assertion's {@code jti} is accepted once. */
    boolean firstUseOf(String jti) {
        return usedJti.add(jti);
    }

    void log(String method, String path, int status, String note) {
        synchronized (log) {
            log.add(new Logged(clock.instant(), method, path, status, note));
            if (log.size() > 200) {
                log.remove(0);
            }
        }
    }

    List<Logged> recent() {
        synchronized (log) {
            List<Logged> out = new ArrayList<>(log);
            Collections.reverse(out);
            return out;
        }
    }

    Map<String, Object> faults() {
        Instant now = clock.instant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "unavailableSeconds",
                Math.max(0, Duration.between(now, unavailableUntil).toSeconds()));
        m.put(
                "throttledSeconds",
                Math.max(0, Duration.between(now, throttledUntil).toSeconds()));
        m.put("retryAfterSeconds", retryAfterSeconds);
        m.put("slowMillis", slowMillis);
        m.put("firstColumnDeleted", !columns.containsKey(1));
        return m;
    }
}
