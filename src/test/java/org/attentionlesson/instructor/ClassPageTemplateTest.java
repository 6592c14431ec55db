package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.instructor.ClassRoster.MemberRow;
import org.attentionlesson.instructor.ClassRoster.Progress;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;
import org.junit.jupiter.api.Test;

/** The class page template rendered with hostile names, every view, and the paging links. */
class ClassPageTemplateTest {
    private final Templates templates = new Templates(new Messages());

    private Map<String, Object> base(String view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("launchToken", "tok&en");
        m.put("activity", "<i>Activity</i>");
        m.put("rosterNotice", "The platform <b>said</b> no");
        m.put("rosterCode", "NRPS_REFUSED");
        m.put("rosterAt", "2026-01-01 10:00 UTC");
        m.put("rosterKnown", true);
        m.put("truncated", false);
        m.put("view", view);
        return m;
    }

    private static Map<String, Object> student(String subject, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("name", name);
        m.put("progress", "NOT_STARTED");
        m.put("attempts", 0);
        m.put("best", -1);
        m.put("latest", -1);
        m.put("seconds", 0L);
        m.put("lastActivity", "");
        m.put("delivery", "");
        m.put("inRoster", true);
        m.put("inactive", false);
        m.put("opened", false);
        return m;
    }

    @Test
    void theStudentsViewEscapesNamesAndLinksPages() {
        List<MemberRow> all = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            all.add(new MemberRow(
                    "u" + i,
                    i == 0 ? "<script>alert(1)</script>" : null,
                    i % 3 == 0 ? Progress.SUBMITTED : Progress.NOT_STARTED,
                    0,
                    null,
                    null,
                    0,
                    Instant.EPOCH,
                    null,
                    true,
                    false,
                    i % 2 == 0));
        }
        ClassView.Query q = new ClassView.Query(ClassView.Sort.NAME, false, null, "", 2);
        ClassView.Page page = ClassView.page(all, q);
        assertEquals(3, page.pages());
        assertEquals(200, page.rows().size());
        Map<String, Object> m = base("students");
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(student("u<0>", "<script>alert(1)</script>"));
        rows.add(student("u1", ""));
        m.put("students", rows);
        m.put("page", page);
        m.put("query", Map.of("sort", "name", "dir", "asc", "progress", "", "q", "a&b"));
        String html = templates.render("instructor/class.ftlh", m, Locale.ENGLISH);
        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("u&lt;0&gt;"));
        assertTrue(html.contains("The platform &lt;b&gt;said&lt;/b&gt; no"));
        assertTrue(
                html.contains(
                        "rel=\"next\" href=\"/instructor/class?lt=tok%26en&amp;sort=name&amp;dir=asc&amp;q=a%26b&amp;page=3\""),
                html);
        assertTrue(html.contains("page 2 of 3"));
        assertTrue(html.contains("/static/js/frame.js") && html.contains("/static/js/theme.js"), "the shared layout");
    }

    @Test
    void theOtherViewsRender() {
        Map<String, Object> pairs = base("pairs");
        pairs.put("items", List.of());
        pairs.put(
                "pairs",
                List.of(new ClassResults.PairRow("p", "a", "A <b>one</b>", "b", "B two", 2, 1, 1, 0, 0, 50, 50)));
        String html = templates.render("instructor/class.ftlh", pairs, Locale.ENGLISH);
        assertTrue(html.contains("A &lt;b&gt;one&lt;/b&gt;"), html);

        Map<String, Object> items = base("items");
        items.put("items", List.of());
        items.put("pairs", List.of());
        assertTrue(
                templates.render("instructor/class.ftlh", items, Locale.ENGLISH).contains("No one has answered"));

        Map<String, Object> one = base("student");
        one.put("student", student("u1", "Ann"));
        one.put(
                "attempts",
                List.of(new StudentWork.AttemptRow(
                        1,
                        Instant.EPOCH,
                        null,
                        null,
                        List.of(
                                new StudentWork.ItemRow("i1", "The <cat> sat", "it", "cat", true, "sat", false, 12L),
                                new StudentWork.ItemRow("i2", "Other", "it", null, false, null, false, null)))));
        String s = templates.render("instructor/class.ftlh", one, Locale.ENGLISH);
        assertTrue(s.contains("The &lt;cat&gt; sat") && s.contains("12 s") && s.contains("Not answered yet"), s);
    }
}
