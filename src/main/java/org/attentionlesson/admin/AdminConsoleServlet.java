package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.SetupGuides;
import org.attentionlesson.lti.ToolConfiguration;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/*}: the admin console (web.xml lets only the role {@code lti-admin} in). Maps addresses to
 * {@link RegistrationAdmin} (registrations, deployments, LMS addresses) and {@link KeyRotation}, and renders the
 * pages. Every POST checks the session's CSRF token, then redirects (post/redirect/get).
 */
public final class AdminConsoleServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(AdminConsoleServlet.class);
    private static final String FLASH = "attention.admin.flash";

    private final RegistrationAdmin admin;
    private final KeyRotation keyRotation;
    private final ToolConfiguration tool;
    private final Templates templates;

    public AdminConsoleServlet(
            RegistrationAdmin admin, KeyRotation keyRotation, ToolConfiguration tool, Templates templates) {
        this.admin = admin;
        this.keyRotation = keyRotation;
        this.tool = tool;
        this.templates = templates;
    }

    // ---- pages ----

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        Map<String, Object> model = base(req);
        if (path.isEmpty() || path.equals("/")) {
            List<RegistrationView> rows = admin.all();
            model.put("registrations", rows);
            // What needs an admin comes first: pending registrations refuse every launch until approved.
            model.put(
                    "pending",
                    rows.stream().filter(r -> "PENDING".equals(r.status())).toList());
            model.put("guides", SetupGuides.NAMES);
            model.put(
                    "keys",
                    keyRotation.describe().stream()
                            .map(RegistrationView.KeyView::of)
                            .toList());
            model.put("graceMinutes", keyRotation.grace().toMinutes());
            model.put("retentionHours", keyRotation.retention().toHours());
            templates.send(resp, 200, "admin/index.ftlh", model, Locale.ENGLISH);
            return;
        }
        String[] parts = path.substring(1).split("/");
        if (parts.length == 2 && parts[0].equals("guides") && SetupGuides.exists(parts[1])) {
            model.put("guide", parts[1]);
            model.put("guideTitle", SetupGuides.title(parts[1], tool, templates));
            model.put("guideHtml", SetupGuides.html(parts[1], tool, templates));
            model.put("guideRaw", tool.configFileUrl(parts[1] + ".md"));
            templates.send(resp, 200, "admin/guide.ftlh", model, Locale.ENGLISH);
            return;
        }
        if (parts.length == 2 && parts[0].equals("registrations")) {
            model.put("r", admin.view(admin.registration(parts[1])));
            templates.send(resp, 200, "admin/registration.ftlh", model, Locale.ENGLISH);
            return;
        }
        throw ToolException.notFound("NOT_FOUND", "There is nothing at this address.");
    }

    // ---- actions ----

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AdminCsrf.check(req);
        String path = path(req);
        String[] parts = path.isEmpty() ? new String[0] : path.substring(1).split("/");
        String back = req.getContextPath() + "/admin/";
        if (parts.length == 2 && parts[0].equals("keys") && parts[1].equals("rotate")) {
            String kid = keyRotation.rotate(Optional.ofNullable(req.getParameter("graceMinutes")), req.getRemoteUser());
            flash(req, "A new key " + kid + " is published in the JWKS now; it signs once the grace period is over.");
        } else if (parts.length == 1 && parts[0].equals("registrations")) {
            long id = admin.create(RegistrationForm.parse(req, true), req.getRemoteUser());
            flash(req, "Registration added.");
            back = req.getContextPath() + "/admin/registrations/" + id;
        } else if (parts.length >= 2 && parts[0].equals("registrations")) {
            PlatformRegistration r = admin.registration(parts[1]);
            back = req.getContextPath() + "/admin/registrations/" + r.id();
            String action = parts.length == 2 ? "edit" : parts[2];
            flash(
                    req,
                    switch (action) {
                        case "edit" -> admin.edit(r, RegistrationForm.parse(req, false));
                        case "approve", "enable", "disable" -> admin.setStatus(r, action);
                        case "deployments" -> deployments(req, r, parts);
                        default -> throw RegistrationAdmin.noSuchAction();
                    });
            log.info("Admin {} did {} on registration {}", req.getRemoteUser(), action, r.id());
        } else {
            throw RegistrationAdmin.noSuchAction();
        }
        resp.setStatus(303);
        resp.setHeader("Location", back);
    }

    private String deployments(HttpServletRequest req, PlatformRegistration r, String[] parts) {
        if (parts.length == 3) {
            return admin.declareDeployment(r, req.getParameter("deploymentId"), req.getParameter("name"));
        }
        if (parts.length == 5) {
            return admin.setDeploymentStatus(r, parts[3], parts[4]);
        }
        throw RegistrationAdmin.noSuchAction();
    }

    // ---- what every page shows ----

    private Map<String, Object> base(HttpServletRequest req) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("csrf", AdminCsrf.token(req));
        m.put("admin", req.getRemoteUser() == null ? "" : req.getRemoteUser());
        HttpSession s = req.getSession(false);
        Object flash = s == null ? null : s.getAttribute(FLASH);
        if (s != null) {
            s.removeAttribute(FLASH);
        }
        m.put("flash", flash == null ? "" : flash);
        m.put("paste", PasteView.of(tool));
        return m;
    }

    private static String path(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }

    private static void flash(HttpServletRequest req, String message) {
        req.getSession(true).setAttribute(FLASH, message);
    }
}
