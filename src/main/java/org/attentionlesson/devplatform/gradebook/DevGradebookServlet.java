package org.attentionlesson.devplatform.gradebook;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code /dev/gradebook}: the dev course's gradebook (columns × students, with each score's timestamp and how many
 * times it was posted), the last requests the AGS endpoints answered, and fault switches (POST {@code fault=…}).
 */
final class DevGradebookServlet extends HttpServlet {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final DevGradebook gradebook;
    private final Templates templates;

    DevGradebookServlet(DevGradebook gradebook, Templates templates) {
        this.gradebook = gradebook;
        this.templates = templates;
    }

    /** One cell as the page shows it. */
    public record Cell(String score, String timestamp, String received, int posts, String comment, String progress) {}

    /** A line of the request log as the page shows it: the time of day (UTC) and the full instant. */
    public record LogLine(String at, String time, String method, String path, int status, String note) {}

    /** A row of the gradebook: a student and one cell per column. */
    public record Row(String name, String id, List<Cell> cells) {}

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<DevGradebook.Column> columns = gradebook.columns();
        List<Row> rows = new ArrayList<>();
        for (DevPerson p : gradebook.course().people()) {
            if (p.isInstructor()) {
                continue;
            }
            List<Cell> cells = new ArrayList<>();
            for (DevGradebook.Column c : columns) {
                DevGradebook.Entry e = gradebook.entries(c.id()).get(p.id());
                // A post without a score: the attempt's progress (AGS 2.0 Score service: activityProgress Started or
                // InProgress with gradingProgress NotReady) — shown as such, not as a score.
                boolean underWay = Double.isNaN(e == null ? 0 : e.scoreGiven())
                        && ("Started".equals(e.activityProgress()) || "InProgress".equals(e.activityProgress()));
                cells.add(
                        e == null
                                ? new Cell("—", "", "", 0, "", "")
                                : new Cell(
                                        underWay
                                                ? e.activityProgress()
                                                : Double.isNaN(e.scoreGiven())
                                                        ? "(cleared)"
                                                        : fmt(e.scoreGiven()) + " / " + fmt(e.scoreMaximum()),
                                        e.timestamp().toString(),
                                        e.receivedAt().toString(),
                                        e.posts(),
                                        e.comment() == null ? "" : e.comment(),
                                        e.activityProgress() + " · " + e.gradingProgress()));
            }
            rows.add(new Row(p.name(), p.id(), cells));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("base", req.getContextPath());
        model.put("course", gradebook.course());
        model.put("columns", columns);
        model.put("rows", rows);
        model.put(
                "log",
                gradebook.recent().stream()
                        .limit(40)
                        .map(l -> new LogLine(
                                l.at().toString(),
                                TIME.format(l.at()),
                                l.method(),
                                l.path(),
                                l.status(),
                                l.note() == null ? "" : l.note()))
                        .toList());
        model.put(
                "activeFaults",
                activeFaults(gradebook.faults(), templates.messages().bundle(Locale.ENGLISH)));
        templates.send(resp, 200, "dev/gradebook.ftlh", model, Locale.ENGLISH);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String fault = req.getParameter("fault");
        int seconds = number(req.getParameter("seconds"), 60);
        switch (fault == null ? "" : fault) {
            case "unavailable" ->
                gradebook.unavailableUntil = gradebook.clock().instant().plus(Duration.ofSeconds(seconds));
            case "throttle" -> {
                gradebook.retryAfterSeconds = number(req.getParameter("retryAfter"), 5);
                gradebook.throttledUntil = gradebook.clock().instant().plus(Duration.ofSeconds(seconds));
            }
            case "slow" -> gradebook.slowMillis = number(req.getParameter("millis"), 15_000);
            case "expireTokens" -> gradebook.expireTokens();
            case "deleteLineItem" -> gradebook.deleteColumn(1);
            case "clear" -> {
                gradebook.unavailableUntil = java.time.Instant.EPOCH;
                gradebook.throttledUntil = java.time.Instant.EPOCH;
                gradebook.slowMillis = 0;
                gradebook.restoreFirstColumn();
            }
            default ->
                throw ToolException.badRequest(
                        "DEV_FAULT_UNKNOWN",
                        "fault must be unavailable, throttle, slow, expireTokens, deleteLineItem or clear.");
        }
        gradebook.log("POST", "/dev/gradebook", 303, "fault switch: " + fault);
        resp.setStatus(303);
        resp.setHeader("Location", req.getContextPath() + "/dev/gradebook");
    }

    /** The fault switches that are on, in words ({@code dev.gradebook.fault.*}). */
    private static List<String> activeFaults(Map<String, Object> faults, Map<String, String> t) {
        List<String> on = new ArrayList<>();
        long unavailable = ((Number) faults.get("unavailableSeconds")).longValue();
        long throttled = ((Number) faults.get("throttledSeconds")).longValue();
        long slow = ((Number) faults.get("slowMillis")).longValue();
        if (unavailable > 0) {
            on.add(t.get("dev.gradebook.fault.unavailable").replace("{0}", String.valueOf(unavailable)));
        }
        if (throttled > 0) {
            on.add(t.get("dev.gradebook.fault.throttle")
                    .replace("{0}", String.valueOf(throttled))
                    .replace("{1}", String.valueOf(faults.get("retryAfterSeconds"))));
        }
        if (slow > 0) {
            on.add(t.get("dev.gradebook.fault.slow").replace("{0}", String.valueOf(slow)));
        }
        if (Boolean.TRUE.equals(faults.get("firstColumnDeleted"))) {
            on.add(t.get("dev.gradebook.deleted"));
        }
        return on;
    }

    private static int number(String s, int fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.2f", x);
    }
}
