package org.attentionlesson.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Keeps the container's {@code WWW-Authenticate} challenge on the error page of a 401: the shared error page resets
 * the response before it renders, which would drop the header, and without it browsers never ask for the admin's
 * password. Mapped to the error dispatch of {@code /error} only.
 */
public final class AuthChallengeFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String challenge = resp.getHeader("WWW-Authenticate");
        if (challenge == null) {
            chain.doFilter(req, resp);
            return;
        }
        chain.doFilter(req, new HttpServletResponseWrapper(resp) {
            @Override
            public void reset() {
                super.reset();
                setHeader("WWW-Authenticate", challenge);
            }
        });
    }
}
