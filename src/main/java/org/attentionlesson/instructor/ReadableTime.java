package org.attentionlesson.instructor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.ags.Score;

/**
 * A moment as instructor pages show it: {@code <time datetime="ISO">readable text</time>}. The text is the date and
 * time in the page's language, in UTC (the server does not know the reader's zone); {@code /static/js/times.js}
 * rewrites it in the reader's own time zone when scripts run.
 */
public final class ReadableTime {
    private ReadableTime() {
    }

    /** {@code iso} for the attribute and {@code text} for people; both empty for no moment. */
    public static Map<String, String> of(Instant when, Locale locale) {
        if (when == null) {
            return Map.of("iso", "", "text", "");
        }
        DateTimeFormatter f = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZoneOffset.UTC);
        return Map.of("iso", Score.iso(when), "text", f.format(when) + " UTC");
    }
}
