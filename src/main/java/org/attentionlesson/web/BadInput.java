package org.attentionlesson.web;

import java.lang.reflect.Method;

/**
 * Bad input the container reports by throwing from {@code getParameter} and friends, recognised without compiling
 * against Tomcat: a malformed {@code %}-encoding or a form over {@code maxPostSize} (Tomcat's
 * {@code InvalidParameterException}, which carries 400 or 413), a bad character encoding. Each is the client's
 * mistake: a 4xx with a stable code, never a 500.
 */
public enum BadInput {
    MALFORMED(400, "REQUEST_MALFORMED", "The request is not well formed (its address or form data cannot be decoded)."),
    TOO_LARGE(413, "REQUEST_TOO_LARGE", "The request is larger than this tool accepts.");

    /** Largest request body read (forms, JSON, id_tokens): 1 MiB, well above any launch. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

    private final int status;
    private final String code;
    private final String message;

    BadInput(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The kind of bad input {@code e} (or a cause) reports, or null when it is not the client's mistake. */
    public static BadInput of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (TOMCAT_INVALID_PARAMETER.equals(t.getClass().getName())) {
                return errorCode(t) == 413 ? TOO_LARGE : MALFORMED;
            }
            if (t instanceof java.io.UnsupportedEncodingException
                    || t instanceof java.nio.charset.CharacterCodingException
                    || t instanceof java.net.URISyntaxException) {
                return MALFORMED;
            }
        }
        return null;
    }

    /** The client closed the connection while we answered: nothing to send, nothing went wrong here. */
    public static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.catalina.connector.ClientAbortException")) {
                return true;
            }
        }
        return false;
    }

    private static int errorCode(Throwable t) {
        try {
            Method m = t.getClass().getMethod("getErrorCode");
            return ((Number) m.invoke(t)).intValue();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return 400;
        }
    }
}
