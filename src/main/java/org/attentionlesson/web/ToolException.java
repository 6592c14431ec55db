package org.attentionlesson.web;

/**
 * A request the tool refuses, with the HTTP status, a stable error code for logs and admins, and a message in
 * plain words for the person who sees the page. Never carries secrets or tokens.
 */
public class ToolException extends RuntimeException {
    private final int status;
    private final String code;

    public ToolException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ToolException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public static ToolException badRequest(String code, String message) {
        return new ToolException(400, code, message);
    }

    public static ToolException notFound(String code, String message) {
        return new ToolException(404, code, message);
    }

    public static ToolException conflict(String code, String message) {
        return new ToolException(409, code, message);
    }

    public static ToolException unauthorized(String code, String message) {
        return new ToolException(401, code, message);
    }

    public static ToolException forbidden(String code, String message) {
        return new ToolException(403, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
