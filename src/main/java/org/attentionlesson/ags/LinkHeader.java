package org.attentionlesson.ags;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rel="next"} target of an RFC 8288 {@code Link} header, read tolerantly: Moodle has sent typographic
 * quotes around {@code next} (docs/lti.md §10), and some platforms send several headers or none.
 */
public final class LinkHeader {
    private static final Pattern LINK = Pattern.compile(
            "<([^>]+)>\\s*((?:;\\s*[A-Za-z-]+\\s*=\\s*(?:\"[^\"]*\"|[\\u201C\\u201D\\u2018\\u2019'][^,;]*|[^,;]*))*)");
    private static final Pattern REL_NEXT = Pattern.compile(
            "rel\\s*=\\s*[\"\\u201C\\u201D\\u2018\\u2019']?\\s*(?:[^\"\\u201C\\u201D]*\\s)?next(?:\\s[^\"\\u201C\\u201D]*)?\\s*[\"\\u201C\\u201D\\u2018\\u2019']?\\s*(?:;|$)",
            Pattern.CASE_INSENSITIVE);

    private LinkHeader() {}

    public static Optional<String> next(List<String> headerValues) {
        for (String value : headerValues) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                if (REL_NEXT.matcher(m.group(2).trim()).find()) {
                    return Optional.of(m.group(1).trim());
                }
            }
        }
        return Optional.empty();
    }
}
