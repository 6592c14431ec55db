package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The error boundary and the health check as units. The servlet container's request, response and filter chain
 * are Mockito mocks: they are the costly collaborators here, the boundary's own logic is what runs for real.
 */
class ErrorBoundaryTest {
    HttpServletRequest req = mock(HttpServletRequest.class);
    HttpServletResponse resp = mock(HttpServletResponse.class);
    FilterChain chain = mock(FilterChain.class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter text = new StringWriter();
    ErrorBoundary boundary = new ErrorBoundary(
            new Templates(new Messages()),
            new SecurityHeaders(
                    id -> id == 7L ? List.of("https://lms.example.edu") : List.of(),
                    req -> java.util.OptionalLong.of(7L)));

    @BeforeEach
    void wire() throws Exception {
        when(req.getContextPath()).thenReturn("");
        when(req.getMethod()).thenReturn("POST");
        when(resp.getWriter()).thenReturn(new PrintWriter(text));
        when(resp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                bytes.write(b);
            }
        });
    }

    @Test
    void aRefusalOnTheApiBecomesJsonWithItsStatusAndStableCode() throws Exception {
        when(req.getRequestURI()).thenReturn("/api/exercise/attempts/7/submit");
        doThrow(ToolException.conflict("ATTEMPT_SUBMITTED", "This attempt has been submitted."))
                .when(chain)
                .doFilter(any(), any());
        boundary.doFilter(req, resp, chain);
        verify(resp).setStatus(409);
        String body = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(body.contains("\"code\":\"ATTEMPT_SUBMITTED\""), body);
        assertTrue(body.contains("This attempt has been submitted."), body);
    }

    @Test
    void aRefusalOnAPageBecomesThePlainErrorPage() throws Exception {
        when(req.getRequestURI()).thenReturn("/lesson");
        when(req.getHeader("Accept")).thenReturn("text/html");
        doThrow(ToolException.unauthorized("LAUNCH_TOKEN_MISSING", "Open the activity <again> from your course."))
                .when(chain)
                .doFilter(any(), any());
        boundary.doFilter(req, resp, chain);
        verify(resp).setStatus(401);
        String page = text.toString();
        assertTrue(page.contains("<code>LAUNCH_TOKEN_MISSING</code>"), page);
        assertTrue(page.contains("Open the activity &lt;again&gt; from your course."), "escaped: " + page);
    }

    @Test
    void anUnexpectedFailureShowsNoInternals() throws Exception {
        when(req.getRequestURI()).thenReturn("/lesson");
        doThrow(new IllegalStateException("secret detail: jdbc:postgresql://db/x?password=hunter2"))
                .when(chain)
                .doFilter(any(), any());
        boundary.doFilter(req, resp, chain);
        verify(resp).setStatus(500);
        String page = text.toString();
        assertTrue(page.contains("INTERNAL"));
        assertFalse(page.contains("hunter2") || page.contains("IllegalStateException"), page);
    }

    @Test
    void everyResponseCarriesTheContentSecurityPolicyWithTheRegisteredPlatformAsFrameAncestor() throws Exception {
        when(req.getRequestURI()).thenReturn("/lesson");
        boundary.doFilter(req, resp, chain);
        verify(resp)
                .setHeader(
                        org.mockito.ArgumentMatchers.eq("Content-Security-Policy"),
                        org.mockito.ArgumentMatchers.argThat(
                                csp -> csp.contains("frame-ancestors 'self' https://lms.example.edu")
                                        && csp.contains("script-src 'self'")
                                        && !csp.contains("unsafe-inline")));
        verify(resp).setHeader("X-Content-Type-Options", "nosniff");
    }

    @Test
    void healthAnswers503WhenACheckFails() throws Exception {
        Map<String, BooleanSupplier> checks = new java.util.LinkedHashMap<>();
        checks.put("database", () -> true);
        checks.put("keys", () -> false);
        new HealthServlet(checks).doGet(req, resp);
        verify(resp).setStatus(503);
        String body = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(true, body.contains("\"keys\":\"failing\"") && body.contains("\"database\":\"ok\""), body);
    }
}
