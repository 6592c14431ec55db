package org.attentionlesson.web;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers (state, nonce, CSRF tokens, codes): random bytes from one SecureRandom, base64url. */
public final class RandomTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {}

    /** {@code bytes} random bytes, base64url without padding. */
    public static String of(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
