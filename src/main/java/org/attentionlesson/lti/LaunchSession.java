package org.attentionlesson.lti;

import jakarta.servlet.http.HttpServletRequest;
import org.attentionlesson.web.ToolException;

/**
 * Finds the launch behind a request after the launch: the signed launch token from the {@code Authorization:
 * Bearer} header (API calls), or the {@code lt} form field / query parameter (page navigations and forms). It only
 * says which launch; what that launch may see is decided by {@code access.Access}.
 */
public final class LaunchSession {
    public static final String PARAM = "lt";

    private final LaunchTokens tokens;
    private final LaunchContexts contexts;

    public LaunchSession(LaunchTokens tokens, LaunchContexts contexts) {
        this.tokens = tokens;
        this.contexts = contexts;
    }

    public LaunchContext require(HttpServletRequest req) {
        String token = tokenOf(req);
        if (token == null) {
            throw new ToolException(
                    401,
                    "LAUNCH_TOKEN_MISSING",
                    "This page needs to be opened from your course. Open the activity again from your course.");
        }
        String id = tokens.verify(token);
        return contexts.find(id)
                .orElseThrow(() -> new ToolException(
                        401,
                        "LAUNCH_TOKEN_INVALID",
                        "Your session for this activity has ended. Open the activity again from your course."));
    }

    public static String tokenOf(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String param = req.getParameter(PARAM);
        return param == null || param.isBlank() ? null : param;
    }

    public LaunchTokens tokens() {
        return tokens;
    }
}
