package org.attentionlesson.deeplinking;

import java.util.Locale;
import java.util.Optional;

/**
 * How the platform opens the activity: the content item's {@code iframe} or {@code window} property (Deep Linking
 * 2.0 §3.4.5), offered only when the request's {@code accept_presentation_document_targets} lists it.
 */
public enum Presentation {
    IFRAME,
    WINDOW;

    /** The document target name in {@code accept_presentation_document_targets}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Presentation> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Presentation p : values()) {
            if (p.wire().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
