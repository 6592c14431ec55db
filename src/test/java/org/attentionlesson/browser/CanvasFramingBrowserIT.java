package org.attentionlesson.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Canvas-shaped framing in a real headless Chromium. In Canvas the tool's frame sits in a page on the institution's
 * host (school.instructure.com) while the issuer is {@code https://canvas.instructure.com} and the authorization
 * endpoint is on a third host (sso.canvaslms.com). Here: the issuer is that Canvas string, the platform's
 * endpoints are on 127.0.0.1, and the course pages are on other loopback addresses — 127.0.0.2 (the "LMS address"
 * the admin gave in the registrations file), 127.0.0.3 (a host nobody registered) and 127.0.0.4 (named only by the
 * launches' {@code launch_presentation.return_url}). The tool is on localhost.
 */
class CanvasFramingBrowserIT {
    static final String CANVAS_ISSUER = "https://canvas.instructure.com";
    static final String LESSON_TITLE = "Attention and transformers, in brief";

    private static Path dir;
    private static HttpServer school;
    private static HttpServer stranger;
    private static HttpServer learnedSchool;
    private static TestPlatform canvas;
    private static TomcatServer tool;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("attention-canvas-");
        school = coursePageHost("127.0.0.2");
        stranger = coursePageHost("127.0.0.3");
        learnedSchool = coursePageHost("127.0.0.4");
        canvas = TestPlatform.start("10000000000042", CANVAS_ISSUER);
        canvas.setLmsAddresses(List.of(origin(school)));
        tool = TomcatServer.start(
                0,
                Map.of(
                        "attention.registrationsFile",
                        canvas.writeRegistrationsFile(dir).toString()));
        driver = Browser.chrome();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (tool != null) {
            tool.close();
        }
        if (canvas != null) {
            canvas.close();
        }
        for (HttpServer s : new HttpServer[] {school, stranger, learnedSchool}) {
            if (s != null) {
                s.stop(0);
            }
        }
        TomcatServer.deleteRecursively(dir.toFile());
    }

    /**
     * A Canvas-like course page on {@code address}: it frames the tool's login initiation, and beside it Canvas's
     * hidden {@code post_message_forwarding} frame on the authorization endpoint's origin, which keeps the login
     * state for the tool (LTI platform storage: browsers drop the tool's cookie inside another site's page).
     */
    private static HttpServer coursePageHost(String address) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 10);
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.createContext("/courses/1", ex -> {
            String login = tool.baseUrl() + "/lti/login?"
                    + LtiHttp.form(Map.of(
                            "iss",
                            CANVAS_ISSUER,
                            "login_hint",
                            "canvas-learner",
                            "target_link_uri",
                            tool.baseUrl() + "/lti/launch",
                            "client_id",
                            canvas.clientId(),
                            "lti_deployment_id",
                            TestPlatform.DEPLOYMENT_ID,
                            "lti_storage_target",
                            "post_message_forwarding"));
            // The forwarding frame is ready before the tool's frame starts, as in Canvas (it says so when loaded).
            byte[] body = ("<!DOCTYPE html><html lang=en><head><title>Course 1</title><script>\n"
                            + "window.addEventListener('message', e => {\n"
                            + "  if (e.origin === " + jsString(canvas.baseUrl())
                            + " && e.data && e.data.subject === 'test.forwarding_ready'\n"
                            + "      && !document.getElementById('tool').getAttribute('src')) {\n"
                            + "    document.getElementById('tool').src = " + jsString(login) + "; } });\n"
                            + "</script></head><body><h1>Course 1</h1>"
                            + "<iframe id=tool name=tool title=\"Attention lesson\" width=900 height=700></iframe>"
                            + "<iframe name=post_message_forwarding title=\"\" hidden src=\"" + canvas.baseUrl()
                            + "/post_message_forwarding\"></iframe></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return s;
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("<", "\\x3c") + "'";
    }

    private static String origin(HttpServer s) {
        return "http://" + s.getAddress().getAddress().getHostAddress() + ":"
                + s.getAddress().getPort();
    }

    /** Opens the course page and waits until the frame shows the lesson; returns the frame's address. */
    private static String lessonInFrame(HttpServer host) {
        driver.switchTo().defaultContent();
        driver.get(origin(host) + "/courses/1");
        driver.switchTo().frame("tool");
        try {
            org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.tagName("h1")).isEmpty()
                            && LESSON_TITLE.equals(
                                    d.findElement(By.tagName("h1")).getText()));
        } catch (org.openqa.selenium.TimeoutException e) {
            String frame = driver.executeScript("return document.location.href") + " "
                    + driver.findElement(By.tagName("body")).getText();
            driver.switchTo().defaultContent();
            throw new AssertionError(
                    "the lesson did not show in the frame of " + origin(host) + ": " + frame + "\nconsole:\n"
                            + consoleText(),
                    e);
        }
        String url = (String) driver.executeScript("return document.location.href");
        driver.switchTo().defaultContent();
        return url;
    }

    private static String consoleText() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aCoursePageOnTheSchoolsHostFramesTheToolThroughACompleteLaunch() {
        canvas.setReturnUrl(null);
        String framed = lessonInFrame(school);
        assertTrue(framed.startsWith(tool.baseUrl() + "/lesson?lt="), framed);
    }

    @Test
    void aPageOnAnUnregisteredHostCannotFrameTheTool() {
        canvas.setReturnUrl(null);
        consoleText(); // drop earlier messages
        driver.switchTo().defaultContent();
        driver.get(origin(stranger) + "/courses/1");
        // The launch itself goes through (the platform signed it); the browser refuses to show the lesson page.
        String refusal = org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20))
                .until(d -> {
                    String text = consoleText();
                    return text.contains("frame-ancestors") ? text : null;
                });
        // Chromium: "Framing '<tool>/' violates ... directive: "frame-ancestors 'self' …". The request has been
        // blocked."
        assertTrue(refusal.contains("Framing '" + tool.baseUrl() + "/'") && refusal.contains("blocked"), refusal);
        String directive = refusal.substring(refusal.indexOf("\"frame-ancestors"));
        directive = directive.substring(0, directive.indexOf('"', 1));
        assertTrue(directive.contains(origin(school)), "the registration's own LMS address: " + directive);
        assertTrue(!directive.contains(origin(stranger)), directive);
        driver.switchTo().frame("tool");
        assertEquals(
                0,
                driver.findElements(By.xpath("//h1[text()='" + LESSON_TITLE + "']"))
                        .size(),
                "the lesson must not show inside the stranger's page");
        driver.switchTo().defaultContent();
    }

    @Test
    void aValidatedLaunchsReturnUrlTeachesTheToolTheSchoolsHost() {
        // Canvas sends launch_presentation.return_url on the institution's host; no admin entered this one. A first
        // launch in a window of its own (no frame) carries it; from then on the school's page may frame the tool.
        canvas.setReturnUrl(origin(learnedSchool) + "/courses/1/modules");
        try {
            driver.switchTo().defaultContent();
            driver.get(tool.baseUrl() + "/lti/login?"
                    + LtiHttp.form(Map.of(
                            "iss",
                            CANVAS_ISSUER,
                            "login_hint",
                            "canvas-learner",
                            "target_link_uri",
                            tool.baseUrl() + "/lti/launch",
                            "client_id",
                            canvas.clientId())));
            org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().contains("/lesson?lt="));
            String framed = lessonInFrame(learnedSchool);
            assertTrue(framed.startsWith(tool.baseUrl() + "/lesson?lt="), framed);
        } finally {
            canvas.setReturnUrl(null);
        }
    }
}
