package org.attentionlesson.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A moment as instructor pages show it: {@code <time datetime="ISO">readable text</time>}. The text is the date and
 * time in the page's language, in UTC (the server does not know the reader's zone); {@code /static/js/times.js}
 * rewrites it in the reader's own time zone when scripts run.
 */
public final class ReadableTime {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReadableTime() {}

    /** {@code iso} for the attribute and {@code text} for people; both empty for no moment. */
    public static Map<String, String> of(Instant when, Locale locale) {
        if (when == null) {
            return Map.of("iso", "", "text", "");
        }
        DateTimeFormatter f = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(ZoneOffset.UTC);
        return Map.of("iso", ISO_MILLIS.format(when.truncatedTo(ChronoUnit.MILLIS)), "text", f.format(when) + " UTC");
    }
}
