package org.attentionlesson.ags;

import java.time.Duration;

/**
 * A service call that did not succeed, classified the way the grade outbox acts on it (field notes §5 outcome
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

    public AgsException(Kind kind, int httpStatus, String reason, Duration retryAfter) {
        super(reason);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
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

    /** Classifies a non-2xx answer from a service endpoint. */
    static AgsException fromResponse(String what, PlatformHttp.Reply reply) {
        int s = reply.status();
        String reason = what + " answered " + s + reasonSuffix(reply.body());
        if (s == 401) {
            return new AgsException(Kind.UNAUTHORIZED, s, reason, null);
        }
        if (s == 429 || s >= 500 || s == 408) {
            return new AgsException(Kind.RETRYABLE, s, reason, reply.retryAfter());
        }
        return new AgsException(Kind.PERMANENT, s, reason, null);
    }

    /** The platform's own words, shortened and on one line, so instructors can read why. */
    static String reasonSuffix(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine);
    }
}
