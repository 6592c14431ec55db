package org.attentionlesson.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lesson page as a launched student gets it: content, attribution, CSP-friendly markup, and its weight. */
class LessonPageIT {
    static final int BUDGET_BYTES = 100 * 1024;
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/static/[^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");
    private static TomcatServer server;

    @BeforeAll
    static void start() {
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rendersTheLessonWithItsAttributionAndNoInlineCode() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        String html = browser.launch("student-ada", "get").html();
        assertTrue(html.contains("<h1 id=\"lesson-title\" tabindex=\"-1\">Attention and transformers, in brief</h1>"));
        assertTrue(html.contains("Lesson 3 of 10"));
        assertTrue(html.contains("© Alexander Amini and Ava Amini, MIT 6.S191: Introduction to Deep Learning, "
                + "IntroToDeepLearning.com"));
        assertTrue(html.contains("<svg"), "the figures are inline SVG");
        assertTrue(html.contains("id=\"launch-user\""));
        assertFalse(html.contains("style=\""), "no style attributes (CSP)");
        assertFalse(Pattern.compile("\\son[a-z]+=\"").matcher(html).find(), "no inline event handlers (CSP)");
        assertFalse(
                Pattern.compile("<script(?![^>]*(src=|type=\"application/json\"))")
                        .matcher(html)
                        .find(),
                "no inline scripts (CSP)");
    }

    @Test
    void theLessonPageWeighsAtMostOneHundredKilobytes() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        String html = browser.launch("student-ada", "get").html();
        long total = html.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder report = new StringBuilder("Lesson page weight (uncompressed):\n  HTML  " + total + " B\n");
        Set<String> assets = new LinkedHashSet<>();
        Matcher m = ASSET.matcher(html);
        while (m.find()) {
            assets.add(m.group(1));
        }
        Set<String> seen = new LinkedHashSet<>();
        while (!assets.isEmpty()) {
            String path = assets.iterator().next();
            assets.remove(path);
            if (!seen.add(path)) {
                continue;
            }
            DevLmsClient.Response r = browser.get(path);
            assertEquals(200, r.status(), path);
            int size = r.body().getBytes(StandardCharsets.UTF_8).length;
            total += size;
            report.append("  ").append(path).append("  ").append(size).append(" B\n");
            Matcher imports = IMPORT.matcher(r.body());
            while (imports.find()) {
                assets.add(path.substring(0, path.lastIndexOf('/') + 1) + imports.group(1));
            }
        }
        report.append("  total ")
                .append(total)
                .append(" B (")
                .append(String.format("%.1f", total / 1024.0))
                .append(" KB) of ")
                .append(BUDGET_BYTES / 1024)
                .append(" KB");
        System.out.println(report);
        assertTrue(total <= BUDGET_BYTES, report.toString());
    }
}
