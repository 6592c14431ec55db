package org.attentionlesson.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.attentionlesson.web.RandomTokens;
import org.attentionlesson.web.ToolException;

/**
 * CSRF protection for the admin console's forms. The browser re-sends BASIC credentials to any request, so every
 * form carries a random token kept in the admin's container session, and every POST must present it.
 */
public final class AdminCsrf {
    static final String ATTRIBUTE = "attention.admin.csrf";
    public static final String FIELD = "csrf";

    private AdminCsrf() {}

    public static String token(HttpServletRequest req) {
        HttpSession session = req.getSession(true);
        synchronized (session) {
            String t = (String) session.getAttribute(ATTRIBUTE);
            if (t == null) {
                t = RandomTokens.of(32);
                session.setAttribute(ATTRIBUTE, t);
            }
            return t;
        }
    }

    public static void check(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
        String given = req.getParameter(FIELD);
        if (expected == null
                || given == null
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw ToolException.forbidden(
                    "ADMIN_CSRF",
                    "This form has expired or did not come from the admin console. "
                            + "Reload the admin page and try again.");
        }
    }
}
