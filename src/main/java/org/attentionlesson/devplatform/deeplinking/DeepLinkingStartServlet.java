package org.attentionlesson.devplatform.deeplinking;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.devplatform.DocumentTarget;
import org.attentionlesson.devplatform.LoginInitiation;
import org.attentionlesson.devplatform.MessageHint;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /dev/deep-linking/start?user=…&method=get|post}: the instructor's "add an activity": a login initiation
 * whose message hint asks for an {@code LtiDeepLinkingRequest}. The picker opens in the window (no resource link
 * exists yet, so there is nothing to frame it in).
 */
final class DeepLinkingStartServlet extends HttpServlet {
    private final DevDeepLinking dl;
    private final LoginInitiation login;
    private final Templates templates;

    DeepLinkingStartServlet(DevDeepLinking dl, LoginInitiation login, Templates templates) {
        this.dl = dl;
        this.login = login;
        this.templates = templates;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DevPerson person = DevPageSupport.person(dl, req);
        if (!person.isInstructor()) {
            throw ToolException.forbidden("DEV_NOT_INSTRUCTOR", "Only the course's instructors can add activities.");
        }
        LoginInitiation.Method method = DevPageSupport.method(req);
        MessageHint hint =
                new MessageHint(person.id(), DevDeepLinking.DEEP_LINKING_REQUEST, null, DocumentTarget.WINDOW);
        DevPageSupport.sendLogin(
                req, resp, templates, login, method, dl.loginFields(person, hint), "dl.dev.startHeading");
    }
}
