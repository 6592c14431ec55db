package org.attentionlesson.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;
import org.junit.jupiter.api.Test;

/**
 * The lesson page is pre-rendered once per (lesson, locale) and filled per launch: the bytes must be exactly those
 * of a full Freemarker render of {@code lesson/lesson.ftlh} with the same values, whatever the values hold.
 */
class LessonPageTest {
    static final List<String[]> VALUES = List.of(
            new String[] {
                "Ada Lovelace",
                "Intro to Deep Learning",
                "Learner",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                "iframe",
                "https://lms.example.edu/course/view.php?id=7"
            },
            new String[] {"", "", "Instructor", "t", "", ""},
            new String[] {
                "<script>alert(1)</script> & \"quotes\" 'single'",
                "Cours d’été — «IA» 深度学习 🙂",
                "Learner",
                "a+b/c=&d<e>",
                "window\"><b>",
                "https://x.example/?a=\"><script>&b='c'"
            },
            new String[] {"lessonslot00x0x", "${userName} <#if x>", "&amp;", "\u0000\uFFFF", "frame", "${returnUrl}"});

    @Test
    void theFilledPageIsByteForByteAFullRender() {
        Templates templates = new Templates(new Messages());
        Lesson lesson = new ContentLoader(new DirectoryContentSource(Path.of("content")))
                .load()
                .require("attention-in-brief");
        for (Locale locale : List.of(Locale.ENGLISH, Locale.forLanguageTag("fr-CA"), Locale.forLanguageTag("ar"))) {
            for (boolean instructor : new boolean[] {false, true}) {
                LessonPages.Page page = LessonPages.Page.prepare(
                                templates, LessonPages.TEMPLATE, lesson, locale, instructor)
                        .orElseThrow(() -> new AssertionError("the shipped lesson template must take the fast path"));
                for (String[] v : VALUES) {
                    String full =
                            LessonPages.fullRender(templates, LessonPages.TEMPLATE, lesson, locale, instructor, v);
                    byte[] filled = page.fill(v);
                    assertEquals(full, new String(filled, StandardCharsets.UTF_8), locale + " " + String.join("|", v));
                    assertArrayEquals(full.getBytes(StandardCharsets.UTF_8), filled);
                }
            }
        }
    }

    @Test
    void everyPerLaunchValueHasItsPlaceInThePage() {
        Templates templates = new Templates(new Messages());
        Lesson lesson = new ContentLoader(new DirectoryContentSource(Path.of("content")))
                .load()
                .require("attention-in-brief");
        String page = new String(
                LessonPages.Page.prepare(templates, LessonPages.TEMPLATE, lesson, Locale.ENGLISH, false)
                        .orElseThrow()
                        .fill("NAME-1", "COURSE-2", "ROLE-3", "TOKEN-4", "TARGET-5", "https://lms.example/6"),
                StandardCharsets.UTF_8);
        assertTrue(page.contains("<span id=\"launch-user\">NAME-1</span>"));
        assertTrue(page.contains("<span id=\"launch-course\">COURSE-2</span>"));
        assertTrue(page.contains("<span id=\"launch-role\">ROLE-3</span>"));
        assertTrue(page.contains("data-launch-token=\"TOKEN-4\""));
        assertTrue(page.contains("data-document-target=\"TARGET-5\""));
        assertTrue(page.contains("data-return-url=\"https://lms.example/6\""));
        assertTrue(!page.contains("lessonslot"));
    }

    @Test
    void aTemplateThatDoesMoreWithAValueIsRenderedInFull() {
        Templates templates = new Templates(new Messages());
        Lesson lesson = new ContentLoader(new DirectoryContentSource(Path.of("content")))
                .load()
                .require("attention-in-brief");
        for (String template : List.of("test/lesson-upper.ftlh", "test/lesson-if-empty.ftlh", "test/lesson-js.ftlh")) {
            assertTrue(
                    LessonPages.Page.prepare(templates, template, lesson, Locale.ENGLISH, false)
                            .isEmpty(),
                    template);
        }
        assertTrue(LessonPages.Page.prepare(templates, "test/lesson-plain.ftlh", lesson, Locale.ENGLISH, false)
                .isPresent());
    }

    @Test
    void theWayBackToTheCourseIsOnlyAWebAddress() {
        assertEquals(
                "https://lms.example.edu/course/view.php?id=7",
                LessonPages.returnUrl(" https://lms.example.edu/course/view.php?id=7"));
        assertEquals("http://localhost:8080/dev", LessonPages.returnUrl("http://localhost:8080/dev"));
        for (String bad : new String[] {
            null,
            "",
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/x",
            "https:no-host",
            "https://exa mple.org/"
        }) {
            assertEquals("", LessonPages.returnUrl(bad), String.valueOf(bad));
        }
    }
}
