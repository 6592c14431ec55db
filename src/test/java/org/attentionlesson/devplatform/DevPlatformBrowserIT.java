package org.attentionlesson.devplatform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dev LMS in headless Chromium: a launch in the course page's iframe goes through with the real browser's
 * cookie, CSP and form handling, and the frame follows the tool's {@code lti.frameResize} messages.
 */
class DevPlatformBrowserIT {
    private static TomcatServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
        browser = Browser.chrome();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void framedLaunchWithPostLoginShowsTheLessonInsideTheCoursePage() {
        browser.get(server.baseUrl() + "/dev");
        browser.findElement(By.cssSelector("input[name=method][value=post]")).click();
        browser.findElement(By.id("launch-student-grace-iframe")).click();

        WebElement frame = org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("tool-frame")));
        browser.switchTo().frame(frame);
        try {
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> frameUrl().contains("/lesson?lt="));
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(5))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Grace Hopper"));
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    @Test
    void courseFrameFollowsFrameResizeMessagesFromTheFramedPage() {
        openCourseFrameOnAQuietPage();
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            ((JavascriptExecutor) browser)
                    .executeScript("window.parent.postMessage({subject: 'lti.frameResize', height: 1234}, '*');");
        } finally {
            browser.switchTo().defaultContent();
        }
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> "1234px".equals(d.findElement(By.id("tool-frame")).getCssValue("height")));
    }

    @Test
    void courseFrameGrowsAndShrinksWithTheLessonInside() {
        browser.get(server.baseUrl() + "/dev/course?user=student-ada&method=get");
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> frameUrl().contains("/lesson?lt="));
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(By.cssSelector("#exercise-app button"))
                            .isEmpty());
        } finally {
            browser.switchTo().defaultContent();
        }
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> frameHeight() > 1000);
        long grown = frameHeight();
        assertTrue(
                Math.abs(grown - lessonHeight()) <= 2,
                "the frame is as tall as the lesson: " + grown + " vs " + lessonHeight());

        // The lesson gets shorter (here: its body is hidden): the frame follows it down, not only up.
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            ((JavascriptExecutor) browser).executeScript("document.querySelector('.lesson-body').hidden = true;");
        } finally {
            browser.switchTo().defaultContent();
        }
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> frameHeight() < grown - 1000);
        assertTrue(Math.abs(frameHeight() - lessonHeight()) <= 2, "the frame is as tall as the shorter lesson");
    }

    @Test
    void courseFrameIgnoresFrameResizeMessagesFromOtherWindows() {
        openCourseFrameOnAQuietPage();
        String before = browser.findElement(By.id("tool-frame")).getCssValue("height");

        ((JavascriptExecutor) browser)
                .executeScript("window.postMessage({subject: 'lti.frameResize', height: 1500}, '*');");

        // postMessage is delivered asynchronously: give it a turn of the event loop before looking.
        ((JavascriptExecutor) browser).executeAsyncScript("setTimeout(arguments[arguments.length - 1], 300);");
        assertEquals(before, browser.findElement(By.id("tool-frame")).getCssValue("height"));
    }

    @Test
    void aNewStepOutOfViewAsksTheCoursePageToScrollToTheToolAndNothingElseDoes() {
        browser.get(server.baseUrl() + "/dev/course?user=student-ada&method=get");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> frameUrl().contains("/lesson?lt="));
            assertEquals("iframe", js.executeScript("return document.getElementById('main').dataset.documentTarget;"));
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(By.cssSelector("#exercise-app button"))
                            .isEmpty());
            // Starting moves to item 1; focus brings its heading into view, so no scroll is asked for.
            browser.findElement(By.cssSelector("#exercise-app button.primary")).click();
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(By.cssSelector("#exercise-app .step-heading"))
                            .isEmpty());
        } finally {
            browser.switchTo().defaultContent();
        }
        js.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 400);");
        assertTrue(received().contains("lti.frameResize"), received());
        assertTrue(!received().contains("lti.scrollToTop"), "the new step was in view: " + received());

        // A step whose top is out of view (here: the references at the page's end, with the course page at its top).
        js.executeScript("window.scrollTo(0, 0);");
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            js.executeScript("document.dispatchEvent(new CustomEvent('lesson:step', "
                    + "{detail: {element: document.getElementById('references')}}));");
        } finally {
            browser.switchTo().defaultContent();
        }
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> received().contains("lti.scrollToTop"));
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> ((Number)
                                        js.executeScript(
                                                "return Math.abs(document.getElementById('tool-frame').getBoundingClientRect().top);"))
                                .doubleValue()
                        < 2);
    }

    @Test
    void aTopLevelLessonPostsNoMessages() {
        browser.get(server.baseUrl() + "/dev/start?user=student-grace&target=window&method=get");
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/lesson?lt="));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d ->
                        !d.findElements(By.cssSelector("#exercise-app button")).isEmpty());
        js.executeScript("window.sent = []; const post = window.postMessage.bind(window);"
                + "window.postMessage = (m, o) => { window.sent.push(m); post(m, o); };");
        browser.findElement(By.cssSelector("#exercise-app button.primary")).click();
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector("#exercise-app .step-heading"))
                        .isEmpty());
        js.executeScript("window.scrollTo(0, 0); document.dispatchEvent(new CustomEvent('lesson:step', "
                + "{detail: {element: document.getElementById('references')}}));");
        js.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 400);");
        assertEquals(0L, ((Number) js.executeScript("return window.sent.length;")).longValue());
    }

    /** The subjects the course page received from the tool's frame, in order. */
    private static String received() {
        Object r = ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('tool-frame').dataset.received || '';");
        return String.valueOf(r);
    }

    /**
     * The course frame page with its frame moved on to a page of the tool's origin that sends no messages of its
     * own (the lesson reports its height whenever its layout changes), so only the test's messages count.
     */
    private static void openCourseFrameOnAQuietPage() {
        browser.get(server.baseUrl() + "/dev/course?user=student-ada&method=get");
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            ((JavascriptExecutor) browser).executeScript("window.location.replace('/health');");
            org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> frameUrl().endsWith("/health"));
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    /** The tool frame's height on the course page, in CSS pixels. */
    private static long frameHeight() {
        return ((Number)
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        "return Math.round(document.getElementById('tool-frame').getBoundingClientRect().height);"))
                .longValue();
    }

    /** The height of the lesson document inside the frame (its root element's box, not the frame's viewport). */
    private static long lessonHeight() {
        browser.switchTo().frame(browser.findElement(By.id("tool-frame")));
        try {
            return ((Number) ((JavascriptExecutor) browser)
                            .executeScript(
                                    "return Math.ceil(document.documentElement.getBoundingClientRect().height);"))
                    .longValue();
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    /** The URL of the frame the driver is in ({@code getCurrentUrl()} answers the top-level page's). */
    private static String frameUrl() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return window.location.href;"));
    }
}
