package org.attentionlesson.instructor;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.attentionlesson.instructor.ClassRoster.MemberRow;

/**
 * The class list as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break in
 * double quotes, quotes doubled), written row by row to the response. A text cell that a spreadsheet would read as
 * a formula — starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return — gets a leading
 * apostrophe (OWASP, "CSV Injection"), so opening the file runs nothing. The class page streams it: the header,
 * then each row as {@link ClassRoster#forEach} reads it (roster members in the platform's order, then students
 * known only from a launch), so a large class never sits in memory whole.
 */
public final class ClassCsv {
    /** The UTF-8 byte order mark, so spreadsheets read the file as UTF-8. */
    public static final char BOM = '\uFEFF';

    static final List<String> HEADER = List.of(
            "user_id",
            "name",
            "progress",
            "attempts",
            "best_percent",
            "latest_percent",
            "time_spent_seconds",
            "last_activity_utc",
            "gradebook",
            "in_roster",
            "opened_activity");

    private ClassCsv() {}

    /** The whole file for {@code rows}. */
    public static void write(Writer out, List<MemberRow> rows) throws IOException {
        header(out);
        for (MemberRow r : rows) {
            row(out, r);
        }
        out.flush();
    }

    /** The byte order mark and the header line: what a streamed file starts with. */
    public static void header(Writer out) throws IOException {
        out.write(BOM);
        line(out, HEADER);
    }

    /** One member's line. */
    public static void row(Writer out, MemberRow r) throws IOException {
        line(
                out,
                List.of(
                        r.subject(),
                        r.name() == null ? "" : r.name(),
                        r.progress().name().toLowerCase(java.util.Locale.ROOT),
                        String.valueOf(r.attempts()),
                        r.bestPercent() == null ? "" : r.bestPercent().toString(),
                        r.latestPercent() == null ? "" : r.latestPercent().toString(),
                        String.valueOf(r.secondsSpent()),
                        r.lastActivity() == null
                                ? ""
                                : DateTimeFormatter.ISO_INSTANT.format(
                                        r.lastActivity().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                        r.delivery() == null ? "" : r.delivery().toLowerCase(java.util.Locale.ROOT),
                        r.inRoster() ? "yes" : "no",
                        r.opened() ? "yes" : "no"));
    }

    static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One field: neutralised against formulas, then quoted when RFC 4180 requires it. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
