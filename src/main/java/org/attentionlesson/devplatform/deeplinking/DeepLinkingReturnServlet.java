package org.attentionlesson.devplatform.deeplinking;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /dev/deep-linking/return?course=…}: the tool's auto-submitted {@code JWT}. Accepted: the links join the
 * course and the browser goes back to the course page (303). Refused: a 400 saying why, as a platform would.
 */
final class DeepLinkingReturnServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(DeepLinkingReturnServlet.class);
    private final DevDeepLinking dl;

    DeepLinkingReturnServlet(DevDeepLinking dl) {
        this.dl = dl;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<DeepLinkedLink> added;
        try {
            if (!dl.course().id().equals(req.getParameter("course"))) {
                throw new DeepLinkingRefused("The return URL's course parameter names no course of this LMS; the "
                        + "tool must keep the deep_link_return_url's query string.");
            }
            added = dl.accept(req.getParameter("JWT"));
        } catch (DeepLinkingRefused e) {
            log.info("Dev LMS refused a deep linking response: {}", e.getMessage());
            resp.setStatus(400);
            resp.setContentType("text/plain;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write("The dev LMS refused this deep linking response: " + e.getMessage() + "\n");
            return;
        }
        log.info(
                "Dev LMS: deep linking added {}",
                added.stream().map(DeepLinkedLink::id).toList());
        resp.setStatus(303);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader(
                "Location",
                req.getContextPath() + "/dev?dl="
                        + (added.isEmpty()
                                ? "cancelled"
                                : "added&link=" + added.get(0).id()) + "#deep-linked");
    }
}
