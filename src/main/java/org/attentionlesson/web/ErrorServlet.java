package org.attentionlesson.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The container's error page ({@code web.xml}): unknown paths and methods get our plain page, never Tomcat's. */
public final class ErrorServlet extends HttpServlet {
    private final ErrorBoundary boundary;

    public ErrorServlet(ErrorBoundary boundary) {
        this.boundary = boundary;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        String errorCode = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 400 -> "BAD_REQUEST";
            case 413 -> "REQUEST_TOO_LARGE";
            default -> status >= 500 ? "INTERNAL" : "REQUEST_REFUSED";
        };
        String message = switch (status) {
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept that kind of request.";
            case 401 -> "Please sign in to see this page.";
            case 403 -> "You do not have access to this page.";
            case 413 -> "The request is larger than this tool accepts.";
            default ->
                status >= 500
                        ? "Something went wrong on our side. Please try again."
                        : "The request could not be handled.";
        };
        boundary.sendError(req, resp, status, errorCode, message);
    }
}
