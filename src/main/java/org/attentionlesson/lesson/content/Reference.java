package org.attentionlesson.lesson.content;

import java.util.Optional;

/** A pointer to further material; {@code by}, {@code url} and {@code note} may be absent. */
public record Reference(String title, Optional<String> by, Optional<String> url, Optional<String> note) {}
