package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.grading.DeliveryReports;
import org.attentionlesson.grading.GradeDeliveryServlet;
import org.attentionlesson.grading.GradeWorker;
import org.attentionlesson.lti.Deployment;
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

    private final DeliveryReports deliveries;
    private final GradeWorker worker;
    private final Registrations registrations;
    private final Templates templates;

    public AdminDeliveriesServlet(
            DeliveryReports deliveries, GradeWorker worker, Registrations registrations, Templates templates) {
        this.deliveries = deliveries;
        this.worker = worker;
        this.registrations = registrations;
        this.templates = templates;
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
        Map<Long, String> deploymentIds = new HashMap<>();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("csrf", AdminCsrf.token(req));
        model.put("admin", req.getRemoteUser() == null ? "" : req.getRemoteUser());
        model.put("flash", "");
        model.put("notice", "retried".equals(req.getParameter("notice")));
        model.put(
                "counts",
                deliveries.counts().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                e -> e.getKey().name(), Map.Entry::getValue)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeliveryReports.Problem d : deliveries.problems(LIMIT)) {
            GradeDeliveryServlet.Problem p = GradeDeliveryServlet.problem(d.row());
            long registration = d.row().registrationId();
            if (d.row().deploymentRowId() != null
                    && !deploymentIds.containsKey(d.row().deploymentRowId())) {
                // The deployment id the platform sent, for each deployment of the row's registration (lti's API).
                for (Deployment dep : registrations.deployments(registration)) {
                    deploymentIds.put(dep.id(), dep.deploymentId());
                }
            }
            String deployment = d.row().deploymentRowId() == null
                    ? null
                    : deploymentIds.get(d.row().deploymentRowId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p", p);
            m.put("platform", names.getOrDefault(registration, "#" + registration));
            m.put("deployment", deployment == null ? "" : deployment);
            m.put("course", d.contextId() == null ? "" : d.contextId());
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
        if (!deliveries.retryNow(Long.parseLong(m.group(1)))) {
            throw ToolException.notFound("DELIVERY_NOT_FOUND", "There is no such failed or waiting delivery.");
        }
        worker.nudge();
        resp.setStatus(303);
        resp.setHeader("Location", req.getContextPath() + "/admin/deliveries?notice=retried");
    }
}
