package org.attentionlesson.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.attentionlesson.lti.ToolKeys;
import org.attentionlesson.web.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation of the tool's signing key from the console or a script (docs/lti.md §4): the next key is published at
 * once and signs after the grace period; the old key stays in the JWKS for the retention period after that.
 */
public final class KeyRotation {
    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    private static final long MAX_GRACE_MINUTES = 60L * 24 * 30;

    private final ToolKeys keys;
    private final Duration grace;
    private final Duration retention;

    public KeyRotation(ToolKeys keys, Duration grace, Duration retention) {
        this.keys = keys;
        this.grace = grace;
        this.retention = retention;
    }

    public Duration grace() {
        return grace;
    }

    public Duration retention() {
        return retention;
    }

    /** Rotates with the given grace in minutes (blank = the configured default); returns the new key id. */
    public String rotate(Optional<String> graceMinutes, String admin) {
        Duration g = grace;
        if (graceMinutes.isPresent() && !graceMinutes.get().isBlank()) {
            try {
                long m = Long.parseLong(graceMinutes.get().trim());
                if (m < 0 || m > MAX_GRACE_MINUTES) {
                    throw new NumberFormatException();
                }
                g = Duration.ofMinutes(m);
            } catch (NumberFormatException e) {
                throw ToolException.badRequest(
                        "ADMIN_GRACE_INVALID",
                        "The grace period is a whole number of minutes between 0 and " + MAX_GRACE_MINUTES + ".");
            }
        }
        String kid = keys.rotate(g, retention);
        log.info("Admin {} rotated the tool key: new key {} (grace {} min)", admin, kid, g.toMinutes());
        return kid;
    }

    public List<ToolKeys.KeyInfo> describe() {
        return keys.describe();
    }
}
