package org.attentionlesson.outbound;

import java.io.IOException;

/**
 * An outbound call that did not produce a reply. The message is plain words written here, never the remote side's
 * text, so callers may show it to admins; anonymous callers show none of it (they cannot tell the kinds apart).
 */
public final class OutboundException extends IOException {
    public enum Kind {
        /** Not https (and plain http is not allowed here), or not an absolute URL without user info. */
        BAD_URL,
        /** The host resolves to an address the policy refuses (loopback, private, link-local…). */
        REFUSED_ADDRESS,
        /** Unknown host, refused or failed connection, TLS failure, broken reply. */
        UNREACHABLE,
        /** No complete reply within the deadline. */
        TIMEOUT,
        /** The reply is larger than the caller reads. */
        TOO_LARGE
    }

    private final Kind kind;

    public OutboundException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
