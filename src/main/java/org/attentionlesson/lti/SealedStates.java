package org.attentionlesson.lti;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login states that carry what the login established instead of naming a stored row (docs/adr/0006-sealed-states.md):
 * the registration, the login's deployment id, target link and storage target, and the state's expiry, MAC-ed with
 * a secret every node shares (HMAC-SHA256, {@code tool_secret} "login-state"). A login then writes nothing; the
 * launch's one statement both stores the launch context and uses the state up, because the launch context's id is
 * derived from the state ({@link #launchId}) and can be inserted once (LaunchService).
 *
 * <p>Layout: {@code s1.} + base64url(payload) + {@code .} + base64url(HMAC-SHA256(key, "s1." + payload text)). The
 * payload is binary: 16 random bytes, the registration id, the issue and expiry instants (epoch milliseconds), and
 * the three strings (each absent or UTF-8). The random bytes make each state unique and name it in
 * {@code used_login_state}; the nonce is derived from them ({@link #nonce}), so it is as unpredictable as the
 * state and used exactly when the state is (Security Framework 1.0 §5.1.1.2 and §5.1.3).
 *
 * <p>A login whose sealed state would be longer than {@link #MAX_CHARS} (a very long target link) falls back to a
 * stored state ({@link LoginStates}); so do states minted before this release.
 */
final class SealedStates {
    static final String PREFIX = "s1.";
    /** The longest sealed state minted; longer logins are stored instead. It travels in two URLs and a form. */
    static final int MAX_CHARS = 600;

    private static final byte NONCE = 1;
    private static final byte LAUNCH_ID = 2;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keyed once; each use takes a clone (no per-thread state for the container to leak). */
    private final Mac keyed;

    /** What a sealed state says, once its MAC has been checked. {@code id} is the base64url of its random bytes. */
    record Opened(
            String state,
            String id,
            byte[] random,
            long registrationId,
            Instant issuedAt,
            Instant expiresAt,
            String deploymentId,
            String targetLinkUri,
            String storageTarget) {}

    SealedStates(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the login-state secret needs 32 bytes");
        }
        try {
            this.keyed = Mac.getInstance("HmacSHA256");
            keyed.init(new SecretKeySpec(secret.clone(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private Mac mac() {
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC provider cannot clone a keyed MAC", e);
        }
    }

    static boolean isSealed(String state) {
        return state.startsWith(PREFIX);
    }

    /** True when {@code state} is no longer than a state this tool mints: sealed, or stored (100). */
    static boolean withinLength(String state) {
        return state.length() <= (isSealed(state) ? MAX_CHARS : 100);
    }

    /** A sealed state and the nonce that goes with it. */
    record Minted(String state, String nonce) {}

    /** A new sealed state, or null when it would be longer than {@link #MAX_CHARS} (store it instead). */
    Minted seal(
            long registrationId,
            Instant issuedAt,
            Instant expiresAt,
            String deploymentId,
            String targetLinkUri,
            String storageTarget) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(random);
            out.writeLong(registrationId);
            out.writeLong(issuedAt.toEpochMilli());
            out.writeLong(expiresAt.toEpochMilli());
            writeString(out, deploymentId);
            writeString(out, targetLinkUri);
            writeString(out, storageTarget);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        String signed = PREFIX + B64.encodeToString(bytes.toByteArray());
        if (signed.length() + 44 > MAX_CHARS) {
            return null;
        }
        return new Minted(
                signed + "." + B64.encodeToString(mac(signed.getBytes(StandardCharsets.US_ASCII))), nonce(random));
    }

    /**
     * The state's contents if this tool sealed it, unaltered; null if not (any other text, a changed byte, another
     * key). Expiry is the caller's to check: an expired state is refused with its own reason.
     */
    Opened open(String state) {
        if (state == null || state.length() > MAX_CHARS || !isSealed(state)) {
            return null;
        }
        int dot = state.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return null;
        }
        byte[] given;
        byte[] payload;
        try {
            given = B64D.decode(state.substring(dot + 1));
            payload = B64D.decode(state.substring(PREFIX.length(), dot));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!state.endsWith(B64.encodeToString(given))
                || !state.regionMatches(PREFIX.length(), B64.encodeToString(payload), 0, dot - PREFIX.length())) {
            return null; // not the one spelling this tool writes (e.g. unused low bits set): one state, one text
        }
        byte[] expected = mac(state.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, given)) { // constant time
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte[] random = in.readNBytes(16);
            long registrationId = in.readLong();
            Instant issuedAt = Instant.ofEpochMilli(in.readLong());
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            String deploymentId = readString(in);
            String targetLinkUri = readString(in);
            String storageTarget = readString(in);
            if (random.length != 16 || in.available() != 0 || targetLinkUri == null) {
                return null;
            }
            return new Opened(
                    state,
                    B64.encodeToString(random),
                    random,
                    registrationId,
                    issuedAt,
                    expiresAt,
                    deploymentId,
                    targetLinkUri,
                    storageTarget);
        } catch (IOException e) {
            return null; // cannot happen for a payload we MAC-ed; kept for a truncated one
        }
    }

    /** The nonce sent with this state: derived from its random bytes with the key, so only this tool can tell it. */
    String nonce(byte[] random) {
        return B64.encodeToString(derive(NONCE, random));
    }

    /**
     * The id the launch context of this state's launch gets: the login time (as {@link LaunchContexts#newId} puts
     * it first) and 24 characters derived from the state's random bytes with the key. Every launch of one state
     * would store a launch context with the same id, so the table's primary key lets exactly one be stored.
     */
    String launchId(Opened opened) {
        String derived = B64.encodeToString(derive(LAUNCH_ID, opened.random())).substring(0, 24);
        return LaunchContexts.newId(opened.issuedAt(), derived);
    }

    private byte[] derive(byte purpose, byte[] random) {
        Mac mac = mac();
        mac.update(purpose);
        return mac.doFinal(random);
    }

    private byte[] mac(byte[] text) {
        return mac().doFinal(text);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeShort(Math.min(b.length, 0xffff));
        out.write(b, 0, Math.min(b.length, 0xffff));
    }

    private static String readString(DataInputStream in) throws IOException {
        int present = in.readUnsignedByte();
        if (present == 0) {
            return null;
        }
        byte[] b = in.readNBytes(in.readUnsignedShort());
        return new String(b, StandardCharsets.UTF_8);
    }
}
