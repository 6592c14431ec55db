package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page of the tool extends {@code templates/layout.ftlh}: one head with the stylesheet, frame.js (the page
 * height for an LMS frame, lti.frameResize) and theme.js (light / dark / device), so pages cannot drift apart.
 */
class PageLayoutTest {
    private static final Path TEMPLATES = Paths.get("src/main/resources/templates");
    private static final Pattern IMPORT = Pattern.compile("<#import \"([^\"]+)\" as (\\w+)>");
    private final Templates templates = new Templates(new Messages());

    @Test
    void everyPageTemplateExtendsTheLayout() throws IOException {
        List<String> own = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".ftlh")).sorted().toList()) {
                String rel = TEMPLATES.relativize(f).toString().replace('\\', '/');
                String text = Files.readString(f);
                // The dev LMS's own pages (templates/dev) stand for the platform around the tool, not the tool.
                if (rel.startsWith("dev/") || text.contains("<#macro page")) {
                    continue;
                }
                pages.add(rel);
                if (text.contains("<!DOCTYPE") || text.contains("<head>") || !callsALayout(text)) {
                    own.add(rel);
                }
            }
        }
        assertTrue(pages.size() >= 15, "the templates were found: " + pages);
        assertEquals(List.of(), own, "pages with a head of their own instead of layout.ftlh");
    }

    /** Whether the template imports layout.ftlh (or a layout built on it) and wraps its body in that page macro. */
    private static boolean callsALayout(String text) {
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
            if (m.group(1).endsWith("layout.ftlh") && text.contains("<@" + m.group(2) + ".page ")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theErrorPageHasTheSharedHeadWithFrameResizingAndTheme() {
        String html = templates.render(
                "error.ftlh",
                Map.of("message", "Something <b>failed</b>.", "code", "X_Y", "status", 400),
                Locale.ENGLISH);

        assertTrue(html.contains("<script type=\"module\" src=\"/static/js/frame.js\"></script>"), html);
        assertTrue(html.contains("<script type=\"module\" src=\"/static/js/theme.js\"></script>"), html);
        assertTrue(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"), html);
        assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), html);
        assertTrue(html.contains("Something &lt;b&gt;failed&lt;/b&gt;."), "escaped: " + html);
        assertFalse(html.contains("name=\"referrer\""), "no referrer policy unless a page asks for one");
    }

    @Test
    void theDeepLinkingResponseKeepsItsNoReferrerPolicyAndAutoSubmitInTheLayout() {
        String html = templates.render(
                "deeplinking/return.ftlh",
                Map.of("headingKey", "dl.return.added", "returnUrl", "https://lms.example/return", "jwt", "a.b.c"),
                Locale.ENGLISH);

        assertTrue(html.contains("<meta name=\"referrer\" content=\"no-referrer\">"), html);
        assertTrue(html.contains("src=\"/static/js/autosubmit.js\""), html);
        assertTrue(html.contains("/static/js/frame.js"), html);
        assertTrue(html.contains("<form id=\"dl-return\" method=\"post\" action=\"https://lms.example/return\""), html);
    }
}
