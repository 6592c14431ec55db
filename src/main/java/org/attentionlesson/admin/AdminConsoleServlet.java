package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.lti.Deployment;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.lti.SetupGuides;
import org.attentionlesson.lti.ToolConfiguration;
import org.attentionlesson.lti.ToolKeys;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/*}: the admin console (web.xml lets only the role {@code lti-admin} in). Lists registrations with
 * their deployments and health, adds, edits, approves and disables them, rotates the tool's keys, and shows what
 * to paste into an LMS. Every POST checks the session's CSRF token, then redirects (post/redirect/get).
 */
public final class AdminConsoleServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(AdminConsoleServlet.class);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String FLASH = "attention.admin.flash";

    private final Database db;
    private final Registrations registrations;
    private final PlatformKeys platformKeys;
    private final RegistrationHealth health;
    private final KeyRotation keyRotation;
    private final ToolConfiguration tool;
    private final Templates templates;
    private final PlatformOrigins origins;

    public AdminConsoleServlet(Database db, Registrations registrations, PlatformKeys platformKeys,
            RegistrationHealth health, KeyRotation keyRotation, ToolConfiguration tool, Templates templates, PlatformOrigins origins) {
        this.origins = origins;
        this.db = db;
        this.registrations = registrations;
        this.platformKeys = platformKeys;
        this.health = health;
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
            List<PlatformRegistration> all = registrations.all();
            Map<Long, RegistrationHealth.Health> h = health.of(all);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PlatformRegistration r : all) {
                rows.add(view(r, h.get(r.id())));
            }
            model.put("registrations", rows);
            // What needs an admin comes first: pending registrations refuse every launch until approved.
            model.put("pending", rows.stream().filter(r -> "PENDING".equals(r.get("status"))).toList());
            model.put("guides", SetupGuides.NAMES);
            model.put("keys", keyViews());
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
            PlatformRegistration r = registration(parts[1]);
            model.put("r", view(r, health.of(r)));
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
            long id = create(RegistrationForm.parse(req, true), req.getRemoteUser());
            flash(req, "Registration added.");
            back = req.getContextPath() + "/admin/registrations/" + id;
        } else if (parts.length >= 2 && parts[0].equals("registrations")) {
            PlatformRegistration r = registration(parts[1]);
            back = req.getContextPath() + "/admin/registrations/" + r.id();
            String action = parts.length == 2 ? "edit" : parts[2];
            switch (action) {
                case "edit" -> {
                    RegistrationForm f = RegistrationForm.parse(req, false);
                    registrations.upsert(r.issuer(), r.clientId(), f.name(), f.authUrl(), f.jwksUrl(), f.tokenUrl(),
                            f.tokenAudience(), r.productFamily(), r.status());
                    if (f.lmsAddresses() != null) {
                        origins.setConfigured(r.id(), f.lmsAddresses());
                    }
                    platformKeys.forget(r.jwksUrl());
                    health.forget(r.jwksUrl());
                    flash(req, "Registration saved.");
                }
                case "approve", "enable" -> {
                    registrations.setStatus(r.id(), PlatformRegistration.Status.ACTIVE);
                    flash(req, "Registration is active: launches from it work now.");
                }
                case "disable" -> {
                    registrations.setStatus(r.id(), PlatformRegistration.Status.DISABLED);
                    flash(req, "Registration disabled: launches from it are refused.");
                }
                case "deployments" -> deployments(req, r, parts);
                default -> throw ToolException.notFound("NOT_FOUND", "There is no such admin action.");
            }
            log.info("Admin {} did {} on registration {}", req.getRemoteUser(), action, r.id());
        } else {
            throw ToolException.notFound("NOT_FOUND", "There is no such admin action.");
        }
        resp.setStatus(303);
        resp.setHeader("Location", back);
    }

    private void deployments(HttpServletRequest req, PlatformRegistration r, String[] parts) {
        if (parts.length == 3) {
            String id = req.getParameter("deploymentId");
            if (id == null || id.isBlank() || id.trim().length() > 255) {
                throw ToolException.badRequest("ADMIN_FORM_INVALID", "A deployment id is 1 to 255 characters.");
            }
            String name = req.getParameter("name");
            registrations.declareDeployment(r.id(), id.trim(), name == null || name.isBlank() ? null : name.trim());
            flash(req, "Deployment " + id.trim() + " added.");
            return;
        }
        if (parts.length == 5) {
            long rowId = parseId(parts[3]);
            Deployment d = registrations.deployments(r.id()).stream().filter(x -> x.id() == rowId).findFirst()
                    .orElseThrow(() -> ToolException.notFound("NOT_FOUND", "There is no such deployment."));
            Deployment.Status s = switch (parts[4]) {
                case "enable", "approve" -> Deployment.Status.ACTIVE;
                case "disable" -> Deployment.Status.DISABLED;
                default -> throw ToolException.notFound("NOT_FOUND", "There is no such admin action.");
            };
            registrations.setDeploymentStatus(d.id(), s);
            flash(req, "Deployment " + d.deploymentId() + (s == Deployment.Status.ACTIVE
                    ? (d.status() == Deployment.Status.REFUSED ? " approved: launches from it work now." : " enabled.")
                    : " disabled."));
            return;
        }
        throw ToolException.notFound("NOT_FOUND", "There is no such admin action.");
    }

    /** A manual registration with its deployments, in one transaction. */
    private long create(RegistrationForm f, String admin) {
        try {
            long id = db.inTransaction(c -> {
                if (registrations.find(f.issuer(), f.clientId()).isPresent()) {
                    throw ToolException.conflict("ADMIN_DUPLICATE", "This issuer and client id are already registered.");
                }
                PlatformRegistration r = registrations.insert(c, f.issuer(), f.clientId(), f.name(), f.authUrl(),
                        f.jwksUrl(), f.tokenUrl(), f.tokenAudience(), null, PlatformRegistration.Status.ACTIVE);
                for (String d : f.deploymentIds()) {
                    registrations.ensureDeployment(c, r.id(), d, null);
                }
                if (f.lmsAddresses() != null) {
                    origins.setConfigured(c, r.id(), f.lmsAddresses());
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO registration_source (registration_id, method, "
                        + "created_at) VALUES (?, ?, ?)")) {
                    Sql.bind(ps, r.id(), "manual", Instant.now());
                    ps.executeUpdate();
                }
                return r.id();
            });
            registrations.setStatus(id, PlatformRegistration.Status.ACTIVE); // notifies listeners
            log.info("Admin {} added registration {} for {}", admin, id, f.issuer());
            return id;
        } catch (Database.StoreException e) {
            if (e.isUniqueViolation()) {
                throw ToolException.conflict("ADMIN_DUPLICATE", "This issuer and client id are already registered.");
            }
            throw e;
        }
    }

    // ---- view models (plain maps: templates see only what is meant for them) ----

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
        Map<String, Object> paste = new LinkedHashMap<>();
        paste.put("registrationUrl", tool.registrationUrl());
        paste.put("loginUrl", tool.loginUrl());
        paste.put("launchUrl", tool.launchUrl());
        paste.put("jwksUrl", tool.jwksUrl());
        paste.put("domain", tool.domain());
        paste.put("logoUrl", tool.logoUrl());
        paste.put("scopes", ToolConfiguration.SCOPES);
        paste.put("canvasKey", tool.configFileUrl("canvas-developer-key.json"));
        paste.put("generic", tool.configFileUrl("tool-configuration.json"));
        paste.put("moodle", tool.configFileUrl("moodle.md"));
        m.put("paste", paste);
        return m;
    }

    private Map<String, Object> view(PlatformRegistration r, RegistrationHealth.Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("issuer", r.issuer());
        m.put("clientId", r.clientId());
        m.put("authUrl", str(r.authUrl()));
        m.put("jwksUrl", str(r.jwksUrl()));
        m.put("tokenUrl", str(r.tokenUrl()));
        m.put("tokenAudience", r.tokenAudience() == null ? "" : r.tokenAudience());
        m.put("product", r.productFamily() == null ? "" : r.productFamily());
        m.put("status", r.status().name());
        List<Map<String, Object>> deps = new ArrayList<>();
        for (Deployment d : registrations.deployments(r.id())) {
            deps.add(Map.of("id", d.id(), "deploymentId", d.deploymentId(), "name", d.name() == null ? "" : d.name(),
                    "status", d.status().name()));
        }
        m.put("deployments", deps);
        m.put("source", source(r.id()));
        m.put("lmsAddresses", String.join(" ", origins.stored(r.id(), PlatformOrigins.ADMIN)));
        List<String> learned = new ArrayList<>(origins.stored(r.id(), PlatformOrigins.REGISTRATION));
        learned.addAll(origins.stored(r.id(), PlatformOrigins.LAUNCH));
        m.put("lmsLearned", learned);
        m.put("jwksOk", h.jwks().reachable());
        m.put("jwksDetail", h.jwks().detail());
        m.put("lastLaunch", h.launches().last() == null ? "" : TIME.format(h.launches().last()));
        m.put("launchCount", h.launches().count());
        m.put("gradesAvailable", h.grades().available());
        m.put("lastScore", h.grades().lastDelivered() == null ? "" : TIME.format(h.grades().lastDelivered()));
        m.put("gradesPending", h.grades().pending());
        m.put("gradesFailed", h.grades().failed());
        m.put("healthy", r.status() == PlatformRegistration.Status.ACTIVE && h.healthy());
        return m;
    }

    private Map<String, Object> source(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT method, product_version, granted_scope, created_at "
                    + "FROM registration_source WHERE registration_id = ?")) {
                Sql.bind(ps, registrationId);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    if (rs.next()) {
                        m.put("method", rs.getString(1));
                        m.put("version", rs.getString(2) == null ? "" : rs.getString(2));
                        m.put("scope", rs.getString(3) == null ? "" : rs.getString(3));
                        m.put("at", TIME.format(Sql.instant(rs.getTimestamp(4))));
                    } else {
                        m.put("method", "file");
                        m.put("version", "");
                        m.put("scope", "");
                        m.put("at", "");
                    }
                    return m;
                }
            }
        });
    }

    private List<Map<String, Object>> keyViews() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolKeys.KeyInfo k : keyRotation.describe()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("created", fmt(k.createdAt()));
            m.put("signingFrom", fmt(k.signingFrom()));
            m.put("retiredAt", fmt(k.retiredAt()));
            m.put("unpublishAt", fmt(k.unpublishAt()));
            m.put("signingNow", k.signingNow());
            m.put("published", k.published());
            out.add(m);
        }
        return out;
    }

    // ---- small helpers ----

    private PlatformRegistration registration(String id) {
        return registrations.find(parseId(id))
                .orElseThrow(() -> ToolException.notFound("NOT_FOUND", "There is no such registration."));
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ToolException.notFound("NOT_FOUND", "There is no such registration.");
        }
    }

    private static String path(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }

    private static void flash(HttpServletRequest req, String message) {
        req.getSession(true).setAttribute(FLASH, message);
    }

    private static String fmt(Instant i) {
        return i == null ? "" : TIME.format(i);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
