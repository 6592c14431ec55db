package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.grading.GradeOutbox;
import org.attentionlesson.grading.GradeWorker;
import org.attentionlesson.grading.OutboxRow;
import org.attentionlesson.instructor.GradeDeliveryServlet;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code /admin/deliveries}: every platform's failed and delayed grade deliveries, with the platform, deployment and
 * course each belongs to, and {@code POST /admin/deliveries/{id}/retry} (CSRF token of the console). This is the only
 * view across institutions (access.Access): a launch, whatever its roles, sees its own course's deliveries on
 * {@code /instructor/grades}. web.xml lets only the role {@code lti-admin} in.
 */
public final class AdminDeliveriesServlet extends HttpServlet {
    private static final Pattern RETRY = Pattern.compile("/(\\d{1,18})/retry");
    private static final int LIMIT = 500;

    private final GradeOutbox outbox;
    private final GradeWorker worker;
    private final Registrations registrations;
    private final Templates templates;

    public AdminDeliveriesServlet(GradeOutbox outbox, GradeWorker worker, Registrations registrations,
            Templates templates) {
        this.outbox = outbox;
        this.worker = worker;
        this.registrations = registrations;
        this.templates = templates;
    }

    /** Where a delivery was made: the deployment id the platform sent and the course (context) id. */
    private record Place(String deploymentId, String contextId) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            throw ToolException.notFound("NOT_FOUND", "There is no such page in the admin console.");
        }
        Map<Long, String> names = new HashMap<>();
        for (PlatformRegistration r : registrations.all()) {
            names.put(r.id(), r.name());
        }
        Map<Long, Place> places = places();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("csrf", AdminCsrf.token(req));
        model.put("admin", req.getRemoteUser() == null ? "" : req.getRemoteUser());
        model.put("flash", "");
        model.put("notice", "retried".equals(req.getParameter("notice")));
        model.put("counts", outbox.counts(null).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OutboxRow r : outbox.problems(null, LIMIT)) {
            GradeDeliveryServlet.Problem p = GradeDeliveryServlet.problem(r);
            Place place = places.getOrDefault(r.id(), new Place(null, null));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p", p);
            m.put("platform", names.getOrDefault(r.registrationId(), "#" + r.registrationId()));
            m.put("deployment", place.deploymentId() == null ? "" : place.deploymentId());
            m.put("course", place.contextId() == null ? "" : place.contextId());
            rows.add(m);
        }
        model.put("rows", rows);
        templates.send(resp, 200, "admin/deliveries.ftlh", model, Locale.ENGLISH);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AdminCsrf.check(req);
        Matcher m = RETRY.matcher(req.getPathInfo() == null ? "" : req.getPathInfo());
        if (!m.matches()) {
            throw ToolException.notFound("NOT_FOUND", "There is no such action in the admin console.");
        }
        if (!outbox.retryNow(Long.parseLong(m.group(1)), null)) {
            throw ToolException.notFound("DELIVERY_NOT_FOUND", "There is no such failed or waiting delivery.");
        }
        worker.nudge();
        resp.setStatus(303);
        resp.setHeader("Location", req.getContextPath() + "/admin/deliveries?notice=retried");
    }

    /** Deployment and course of the rows the page lists (same filter and order as GradeOutbox.problems). */
    private Map<Long, Place> places() {
        return outbox.db().withConnection(c -> {
            Map<Long, Place> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, d.deployment_id, o.context_id FROM grade_outbox o "
                    + "LEFT JOIN deployment d ON d.id = o.deployment_row_id WHERE (o.status = 'FAILED' OR "
                    + "(o.status = 'PENDING' AND o.tries > 0)) ORDER BY o.id DESC LIMIT " + LIMIT)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new Place(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }
}
