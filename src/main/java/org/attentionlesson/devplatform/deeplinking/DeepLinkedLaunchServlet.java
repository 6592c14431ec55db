package org.attentionlesson.devplatform.deeplinking;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.devplatform.DocumentTarget;
import org.attentionlesson.devplatform.LoginInitiation;
import org.attentionlesson.devplatform.MessageHint;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * Launching a deep-linked link. {@code /dev/deep-linking/open?user=…&link=…&method=…} shows it as the tool asked:
 * framed in the course page ({@code iframe}) or straight in the window ({@code window}).
 * {@code /dev/deep-linking/launch?user=…&link=…&target=iframe|window&method=…} is the login initiation for it.
 */
final class DeepLinkedLaunchServlet extends HttpServlet {
    private final DevDeepLinking dl;
    private final LoginInitiation login;
    private final Templates templates;

    DeepLinkedLaunchServlet(DevDeepLinking dl, LoginInitiation login, Templates templates) {
        this.dl = dl;
        this.login = login;
        this.templates = templates;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DevPerson person = DevPageSupport.person(dl, req);
        DeepLinkedLink link = dl.link(req.getParameter("link"))
                .orElseThrow(() -> ToolException.notFound(
                        "DEV_LINK_UNKNOWN",
                        "The dev course has no such deep-linked activity (a restart forgets them)."));
        LoginInitiation.Method method = DevPageSupport.method(req);
        String m = DevPageSupport.wire(method);
        String base = req.getContextPath() + "/dev/deep-linking/launch?user=" + enc(person.id()) + "&link="
                + enc(link.id()) + "&method=" + m + "&target=";
        if (req.getServletPath().endsWith("/open")) {
            if (link.target() == DocumentTarget.WINDOW) {
                resp.setStatus(302);
                resp.setHeader("Location", base + "window");
                return;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("base", req.getContextPath());
            model.put("course", dl.course());
            model.put("link", link.resourceLink());
            model.put("person", person);
            model.put("instructor", person.isInstructor());
            model.put("method", m);
            model.put("frameSrc", base + "iframe");
            model.put("windowHref", base + "window");
            model.put("toolOrigin", dl.endpoints().origin());
            String csp = resp.getHeader("Content-Security-Policy");
            if (csp != null) {
                resp.setHeader(
                        "Content-Security-Policy",
                        csp + "; frame-src 'self' " + dl.endpoints().origin());
            }
            templates.send(resp, 200, "dev/course-frame.ftlh", model, Locale.ENGLISH);
            return;
        }
        String t = req.getParameter("target");
        DocumentTarget target = t == null || t.isBlank()
                ? link.target()
                : DocumentTarget.fromWire(t)
                        .orElseThrow(() ->
                                ToolException.badRequest("DEV_TARGET_UNKNOWN", "target must be iframe or window."));
        MessageHint hint = MessageHint.resourceLink(person.id(), link.id(), target);
        DevPageSupport.sendLogin(
                req, resp, templates, login, method, dl.loginFields(person, hint), "dev.autopost.loginHeading");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
