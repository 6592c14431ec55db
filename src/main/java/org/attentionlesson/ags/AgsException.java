package org.attentionlesson.ags;

import java.time.Duration;

/**
 * A service call that did not succeed, classified the way the grade outbox acts on it (docs/lti.md §5 outcome
 * table): try again later, give up with the platform's reason, or drop the token and try once more.
 */
public final class AgsException extends Exception {
    public enum Kind {
        /** Network error, timeout, 429, 5xx, garbage reply: try again with backoff. */
        RETRYABLE,
        /** A 4xx the platform will repeat (user not gradable, concluded course, deleted line item). */
        PERMANENT,
        /** 401: the access token was refused. */
        UNAUTHORIZED
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String platformText;

    public AgsException(Kind kind, int httpStatus, String reason, Duration retryAfter) {
        this(kind, httpStatus, reason, retryAfter, null);
    }

    /** @param platformText the platform's reply body: for decisions and logs only, never shown to anyone */
    public AgsException(Kind kind, int httpStatus, String reason, Duration retryAfter, String platformText) {
        super(reason);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.platformText = platformText;
    }

    public static AgsException retryable(String reason) {
        return new AgsException(Kind.RETRYABLE, 0, reason, null);
    }

    public static AgsException permanent(int status, String reason) {
        return new AgsException(Kind.PERMANENT, status, reason, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status behind it, 0 when none arrived (network, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The platform's {@code Retry-After}, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The platform's reply body when there was one (never shown to users; logs neutralise it). */
    public String platformText() {
        return platformText == null ? "" : platformText;
    }

    /**
     * Classifies a non-2xx answer from a service endpoint. The reason is a plain status line written here; the
     * platform's body is kept apart ({@link #platformText()}), since the reason is shown to instructors and admins.
     */
    static AgsException fromResponse(String what, PlatformHttp.Reply reply) {
        int s = reply.status();
        String reason = what + " answered HTTP " + s + statusWords(s) + ".";
        String body = reply.body() == null
                ? null
                : reply.body().length() > 2000 ? reply.body().substring(0, 2000) : reply.body();
        if (s == 401) {
            return new AgsException(Kind.UNAUTHORIZED, s, reason, null, body);
        }
        if (s == 429 || s >= 500 || s == 408) {
            return new AgsException(Kind.RETRYABLE, s, reason, reply.retryAfter(), body);
        }
        return new AgsException(Kind.PERMANENT, s, reason, null, body);
    }

    /** A few words for the common statuses (RFC 9110 §15), so the line reads without the platform's text. */
    static String statusWords(int s) {
        return switch (s) {
            case 400 -> " (bad request)";
            case 401 -> " (not authorised)";
            case 403 -> " (forbidden: the platform refused this tool)";
            case 404 -> " (not found)";
            case 405 -> " (method not allowed)";
            case 408 -> " (request timeout)";
            case 409 -> " (conflict)";
            case 410 -> " (gone)";
            case 413 -> " (request too large)";
            case 415 -> " (unsupported media type)";
            case 422 -> " (refused as unprocessable)";
            case 429 -> " (too many requests)";
            case 500 -> " (server error)";
            case 502 -> " (bad gateway)";
            case 503 -> " (unavailable)";
            case 504 -> " (gateway timeout)";
            default -> s >= 300 && s < 400 ? " (a redirect, which the tool does not follow)" : "";
        };
    }
}
