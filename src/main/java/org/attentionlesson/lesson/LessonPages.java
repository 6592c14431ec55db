package org.attentionlesson.lesson;

import freemarker.core.HTMLOutputFormat;
import freemarker.template.utility.StringUtil;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-rendered lesson page ({@code lesson/lesson.ftlh}) that {@link LessonPageServlet} serves. The page is about
 * 45 KB and, for a given lesson, locale and instructor-or-not, the same on every launch but for
 * six strings: the person's name, the course title, the role, the launch token, the launch's document target
 * and its return URL
 * ({@link #SLOTS}; frame.js sends {@code lti.scrollToTop} only inside an {@code iframe} target). Rendering it
 * with Freemarker and encoding it to UTF-8 on every launch was the largest CPU cost of a launch, so {@link Page}
 * renders {@code lesson/lesson.ftlh} once per (lesson, locale, instructor) with a unique placeholder in each slot,
 * keeps the text between placeholders as UTF-8 bytes, and fills each slot per request with the value encoded as the
 * template encodes it there (HTML escaping, or {@code ?url} then HTML escaping). Before a page is used, its fill is
 * compared with full renders for several sample values; if the template does anything else with a slot (another
 * built-in, a condition on the value), that page is rendered in full on every request instead, as before.
 * A new per-launch value in the model must become a slot or part of the cache key.
 */
public final class LessonPages {
    private static final Logger log = LoggerFactory.getLogger(LessonPages.class);
    private static final Set<String> RTL = Set.of("ar", "he", "fa", "ur", "yi", "ps", "dv", "ku");
    private static final String[] SCRIPT_PREFIXES = {"exercise.", "cards.", "frame."};
    static final String TEMPLATE = "lesson/lesson.ftlh";
    /** The per-launch strings of the model, in slot order. */
    static final List<String> SLOTS =
            List.of("userName", "courseTitle", "role", "launchToken", "documentTarget", "returnUrl");
    /** Pages kept at most (lessons × locales seen × 2); past this the cache starts over. */
    private static final int MAX_PAGES = 128;

    private final Templates templates;
    private final Map<PageKey, Optional<Page>> pages = new ConcurrentHashMap<>();

    public LessonPages(Templates templates) {
        this.templates = templates;
    }

    /**
     * The lesson page as UTF-8 for these per-launch values ({@link #SLOTS} order): the pre-rendered page filled in,
     * or a full render when the template uses a slot in a way the pre-rendered page cannot reproduce.
     */
    public byte[] render(Lesson lesson, Locale locale, boolean instructor, String... values) {
        Optional<Page> page = page(lesson, locale, instructor);
        return page.isPresent()
                ? page.get().fill(values)
                : fullRender(templates, TEMPLATE, lesson, locale, instructor, values)
                        .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The launch's {@code launch_presentation.return_url} (LTI 1.3 core, "Launch presentation claim") when it is an
     * http(s) URL: the page links back to the course with it. Anything else (javascript:, data:) is dropped.
     */
    static String returnUrl(String url) {
        if (url == null) {
            return "";
        }
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            String scheme = uri.getScheme();
            boolean web = scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"));
            return web && uri.getHost() != null ? uri.toString() : "";
        } catch (java.net.URISyntaxException e) {
            return "";
        }
    }

    /** The page as Freemarker renders it for these values ({@link #SLOTS} order). */
    static String fullRender(
            Templates templates, String template, Lesson lesson, Locale locale, boolean instructor, String... values) {
        Map<String, Object> model = new HashMap<>();
        model.put("lesson", lesson);
        for (int i = 0; i < SLOTS.size(); i++) {
            model.put(SLOTS.get(i), values[i]);
        }
        model.put("instructor", instructor);
        model.put("dir", RTL.contains(locale.getLanguage()) ? "rtl" : "ltr");
        model.put("scriptMessages", scriptMessages(templates.messages().bundle(locale)));
        return templates.render(template, model, locale);
    }

    private Optional<Page> page(Lesson lesson, Locale locale, boolean instructor) {
        PageKey key = new PageKey(lesson, locale, instructor);
        Optional<Page> page = pages.get(key);
        if (page == null) {
            page = Page.prepare(templates, TEMPLATE, lesson, locale, instructor);
            if (page.isEmpty()) {
                log.warn(
                        "The lesson page for {} {} is rendered in full on every request: the template uses a "
                                + "per-launch value in a way the pre-rendered page cannot reproduce",
                        lesson.id(),
                        locale);
            }
            if (pages.size() >= MAX_PAGES) {
                pages.clear();
            }
            pages.put(key, page);
        }
        return page;
    }

    /** A lesson (by identity: the catalog is immutable) in a locale, for an instructor or not. */
    private record PageKey(Lesson lesson, Locale locale, boolean instructor) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PageKey k
                    && k.lesson == lesson
                    && k.locale.equals(locale)
                    && k.instructor == instructor;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(lesson) * 31 + locale.hashCode()) * 2 + (instructor ? 1 : 0);
        }
    }

    /** How the template encodes a slot's value where it places it. */
    enum Encoding {
        HTML {
            @Override
            String apply(String s) {
                return HTMLOutputFormat.INSTANCE.escapePlainText(s);
            }
        },
        URL_UTF8_THEN_HTML {
            @Override
            String apply(String s) {
                try {
                    return HTMLOutputFormat.INSTANCE.escapePlainText(StringUtil.URLEnc(s, "UTF-8"));
                } catch (java.io.UnsupportedEncodingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        abstract String apply(String s);
    }

    /** The page cut at the slots: {@code parts[0] slot[0] parts[1] slot[1] … parts[n]}. */
    static final class Page {
        private static final SecureRandom RANDOM = new SecureRandom();
        /** Characters every encoding above changes, each differently: tells which one the template applied. */
        private static final String PROBE = "<&'\" é/?=+";

        private static final List<String[]> SAMPLES = List.of(
                new String[] {"", "", "", "", "", ""},
                new String[] {
                    "Ada Lovelace",
                    "Intro to Deep Learning",
                    "Learner",
                    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                    "iframe",
                    "https://lms.example.edu/course/view.php?id=7&section=2"
                },
                new String[] {
                    "<b>Zoë</b> & \"O'Brien\"",
                    "Cours d’été — «IA» 深度学习 🙂",
                    "Instructor",
                    "a+b/c=&d<e>%20",
                    "<window>\"",
                    "https://x.example/?a=<b>&c=\"d\"'"
                });
        private final byte[][] parts;
        private final int[] slots;
        private final Encoding[] encodings;
        private final int fixedLength;

        private Page(byte[][] parts, int[] slots, Encoding[] encodings) {
            this.parts = parts;
            this.slots = slots;
            this.encodings = encodings;
            int n = 0;
            for (byte[] p : parts) {
                n += p.length;
            }
            this.fixedLength = n;
        }

        /** The pre-rendered page, or empty when its fill would not equal a full render. */
        static Optional<Page> prepare(
                Templates templates, String template, Lesson lesson, Locale locale, boolean instructor) {
            byte[] r = new byte[12];
            RANDOM.nextBytes(r);
            String open = "lessonslot" + HexFormat.of().formatHex(r) + "a";
            String close = "b" + HexFormat.of().formatHex(r) + "slotend";
            String[] placeholders = new String[SLOTS.size()];
            for (int i = 0; i < placeholders.length; i++) {
                placeholders[i] = open + i + "_" + PROBE + close;
            }
            String html = fullRender(templates, template, lesson, locale, instructor, placeholders);
            List<byte[]> parts = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            List<Encoding> encodings = new ArrayList<>();
            int from = 0;
            for (int at = html.indexOf(open); at >= 0; at = html.indexOf(open, from)) {
                int underscore = html.indexOf('_', at + open.length());
                int end = html.indexOf(close, at + open.length());
                if (underscore < 0 || end < 0 || underscore > end) {
                    return Optional.empty();
                }
                int slot;
                try {
                    slot = Integer.parseInt(html.substring(at + open.length(), underscore));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                String probe = html.substring(underscore + 1, end);
                Encoding encoding = Arrays.stream(Encoding.values())
                        .filter(e -> e.apply(PROBE).equals(probe))
                        .findFirst()
                        .orElse(null);
                if (slot < 0 || slot >= SLOTS.size() || encoding == null) {
                    return Optional.empty();
                }
                parts.add(html.substring(from, at).getBytes(StandardCharsets.UTF_8));
                slots.add(slot);
                encodings.add(encoding);
                from = end + close.length();
            }
            parts.add(html.substring(from).getBytes(StandardCharsets.UTF_8));
            Page page = new Page(
                    parts.toArray(new byte[0][]),
                    slots.stream().mapToInt(Integer::intValue).toArray(),
                    encodings.toArray(new Encoding[0]));
            for (String[] sample : SAMPLES) {
                String full = fullRender(templates, template, lesson, locale, instructor, sample);
                if (!Arrays.equals(full.getBytes(StandardCharsets.UTF_8), page.fill(sample))) {
                    return Optional.empty();
                }
            }
            return Optional.of(page);
        }

        /** The page with these values ({@link #SLOTS} order), encoded as the template encodes them, as UTF-8. */
        byte[] fill(String... values) {
            byte[][] encoded = new byte[slots.length][];
            int n = fixedLength;
            for (int i = 0; i < slots.length; i++) {
                encoded[i] = encodings[i].apply(values[slots[i]]).getBytes(StandardCharsets.UTF_8);
                n += encoded[i].length;
            }
            byte[] out = new byte[n];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                System.arraycopy(parts[i], 0, out, at, parts[i].length);
                at += parts[i].length;
                if (i < slots.length) {
                    System.arraycopy(encoded[i], 0, out, at, encoded[i].length);
                    at += encoded[i].length;
                }
            }
            return out;
        }
    }

    /** The strings the page's scripts show, as JSON safe to place inside a {@code <script type="application/json">}. */
    static String scriptMessages(Map<String, String> bundle) {
        Map<String, String> picked = new TreeMap<>();
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            for (String prefix : SCRIPT_PREFIXES) {
                if (e.getKey().startsWith(prefix)) {
                    picked.put(e.getKey(), e.getValue());
                }
            }
        }
        return Json.write(picked)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }
}
