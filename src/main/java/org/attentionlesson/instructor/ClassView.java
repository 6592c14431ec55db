package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.instructor.ClassRoster.MemberRow;
import org.attentionlesson.instructor.ClassRoster.Progress;
import org.attentionlesson.web.ToolException;

/**
 * The student list as the instructor asked for it: filtered by progress and by a name or id fragment, sorted by a
 * column, and cut into pages of {@link #PAGE_SIZE}. Unknown parameters values are a 400 with a stable code.
 */
public final class ClassView {
    public static final int PAGE_SIZE = 200;

    /** The sortable columns, as named in the {@code sort} parameter. */
    public enum Sort {
        NAME,
        PROGRESS,
        BEST,
        LATEST,
        ATTEMPTS,
        TIME,
        ACTIVITY,
        DELIVERY
    }

    /** What the request asked for; {@code progress} null means every student. */
    public record Query(Sort sort, boolean descending, Progress progress, String search, int page) {
        public static final Query DEFAULT = new Query(Sort.NAME, false, null, "", 1);

        public static Query of(HttpServletRequest req) {
            Sort sort = parse(Sort.class, req.getParameter("sort"), Sort.NAME, "BAD_SORT");
            String dir = req.getParameter("dir");
            if (dir != null && !dir.isBlank() && !dir.equals("asc") && !dir.equals("desc")) {
                throw ToolException.badRequest("BAD_SORT", "dir must be asc or desc.");
            }
            Progress progress = parse(Progress.class, req.getParameter("progress"), null, "BAD_FILTER");
            String q = req.getParameter("q");
            q = q == null ? "" : q.strip();
            if (q.length() > 200) {
                throw ToolException.badRequest("BAD_FILTER", "Search for at most 200 characters.");
            }
            int page = 1;
            String p = req.getParameter("page");
            if (p != null && !p.isBlank()) {
                try {
                    page = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    page = 0;
                }
                if (page < 1 || page > 1_000_000) {
                    throw ToolException.badRequest("BAD_PAGE", "page must be a whole number from 1.");
                }
            }
            return new Query(sort, "desc".equals(dir), progress, q, page);
        }

        private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback, String code) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw ToolException.badRequest(
                        code,
                        "Unknown value for " + (code.equals("BAD_SORT") ? "sort" : "progress")
                                + ". Use the links on the page.");
            }
        }
    }

    /** One page of rows, with the totals the page shows (per progress name, and after the filter). */
    public record Page(
            List<MemberRow> rows, int page, int pages, int total, int matching, Map<String, Integer> counts) {}

    private ClassView() {}

    /** Every matching row, sorted (for paging). */
    public static List<MemberRow> sorted(List<MemberRow> all, Query q) {
        String needle = q.search().toLowerCase(Locale.ROOT);
        List<MemberRow> out = new ArrayList<>();
        for (MemberRow r : all) {
            if (q.progress() != null && r.progress() != q.progress()) {
                continue;
            }
            if (!needle.isEmpty()
                    && !r.subject().toLowerCase(Locale.ROOT).contains(needle)
                    && (r.name() == null || !r.name().toLowerCase(Locale.ROOT).contains(needle))) {
                continue;
            }
            out.add(r);
        }
        Comparator<MemberRow> byName = Comparator.comparing(MemberRow::sortName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(MemberRow::subject);
        Comparator<MemberRow> primary = switch (q.sort()) {
            case NAME -> byName;
            case PROGRESS -> Comparator.comparing(MemberRow::progress);
            case BEST -> nullsFirst(MemberRow::bestPercent);
            case LATEST -> nullsFirst(MemberRow::latestPercent);
            case ATTEMPTS -> Comparator.comparingInt(MemberRow::attempts);
            case TIME -> Comparator.comparingLong(MemberRow::secondsSpent);
            case ACTIVITY ->
                Comparator.comparing(MemberRow::lastActivity, Comparator.nullsFirst(Comparator.naturalOrder()));
            case DELIVERY -> Comparator.comparing((MemberRow r) -> r.delivery() == null ? "" : r.delivery());
        };
        if (q.descending()) {
            primary = primary.reversed();
        }
        out.sort(q.sort() == Sort.NAME ? primary : primary.thenComparing(byName));
        return out;
    }

    private static Comparator<MemberRow> nullsFirst(java.util.function.Function<MemberRow, Integer> f) {
        return Comparator.comparing(f, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    public static Page page(List<MemberRow> all, Query q) {
        Map<String, Integer> counts = new LinkedHashMap<>(); // by progress name, as the template looks them up
        for (Progress p : Progress.values()) {
            counts.put(p.name(), 0);
        }
        for (MemberRow r : all) {
            counts.merge(r.progress().name(), 1, Integer::sum);
        }
        List<MemberRow> matching = sorted(all, q);
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(q.page(), pages);
        int from = (page - 1) * PAGE_SIZE;
        List<MemberRow> rows = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
        return new Page(List.copyOf(rows), page, pages, all.size(), matching.size(), counts);
    }
}
