package org.attentionlesson.devplatform;

import java.util.Locale;
import java.util.Optional;

/** Where the dev LMS shows the tool: {@code lti:launch_presentation.document_target} (LTI Core 1.3 §5.4.1). */
public enum DocumentTarget {
    IFRAME,
    WINDOW;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DocumentTarget> fromWire(String value) {
        for (DocumentTarget t : values()) {
            if (t.wire().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
