package org.attentionlesson.devplatform;

/** The dev LMS refuses an authentication request; the message says which parameter was wrong and how. */
public final class AuthenticationRefused extends RuntimeException {
    public AuthenticationRefused(String message) {
        super(message);
    }
}
