package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A launch inside a course page on another site, in a browser that keeps no cookie for the framed tool: the state
 * cookie never comes back, and the tool proves the browser through the platform's storage instead (lti-pm-s 0.1).
 * Chromium keeps the tool's {@code Partitioned} cookie even when it blocks third-party cookies (see
 * {@link PartitionedCookieBrowserIT}), so this Chromium blocks every cookie, as a browser without CHIPS effectively
 * does for a framed tool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformStorageBrowserIT {
    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    ChromeDriver driver;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("storage");
        dir = Files.createTempDirectory("storage-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params);
        driver = Browser.chrome(
                Map.of(
                        "profile.block_third_party_cookies",
                        true,
                        "profile.cookie_controls_mode",
                        1,
                        "profile.default_content_setting_values.cookies",
                        2),
                "--window-size=1280,900");
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        tomcat.close();
        platform.close();
        db.close();
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    List<String> platformLog() {
        return driver.findElements(By.cssSelector("#log li")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void aFramedLaunchWithoutCookiesIsProvenThroughPlatformStorage() {
        long launchesBefore = db.count("launch_context");
        long handoffsBefore = db.count("launch_handoff");
        driver.get(platform.coursePageUrl(tomcat.baseUrl(), false));
        WebDriver frame = driver.switchTo().frame("tool");
        try {
            // (getCurrentUrl names the top page, not the frame: wait for the lesson's own content instead)
            org.attentionlesson.support.Browser.waitUpTo(frame, Duration.ofSeconds(15))
                    .until(d -> !d.findElements(By.id("launch-user")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            String where = frame.getCurrentUrl() + "\n"
                    + frame.findElement(By.tagName("body")).getText();
            driver.switchTo().defaultContent();
            throw new AssertionError(
                    "the framed launch did not reach the lesson: " + where + "\nplatform log: " + platformLog(), e);
        }
        assertFalse(frame.findElement(By.id("launch-user")).getText().isBlank(), "the lesson opened for the student");
        driver.switchTo().defaultContent();
        List<String> log = platformLog();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("put state_")), "login stored the state: " + log);
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("get state_")), "launch read it back (no cookie came): " + log);
        assertEquals(launchesBefore + 1, db.count("launch_context"));
        assertEquals(handoffsBefore, db.count("launch_handoff"), "the one-time code was used up");
    }

    @Test
    void aLaunchWhoseStateThePlatformDoesNotConfirmNeverOpens() {
        driver.get(platform.coursePageUrl(tomcat.baseUrl(), true));
        WebDriver frame = driver.switchTo().frame("tool");
        WebElement failed = org.attentionlesson.support.Browser.waitUpTo(frame, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.id("lti-storage-failed")).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
        assertTrue(failed.getText().contains("new window"), failed.getText());
        assertTrue(frame.findElements(By.id("launch-user")).isEmpty(), "the lesson did not open");
        driver.switchTo().defaultContent();
    }

    @Test
    void theOneTimeCodeCannotBeUsedWithoutTheStateOrTwice() {
        LtiHttp http = new LtiHttp(tomcat.baseUrl());
        var noState = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(tomcat.baseUrl() + "/lti/launch/confirm"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("code=made-up&state=x"))
                        .build());
        assertEquals(400, noState.statusCode());
        assertEquals("STATE_UNKNOWN", LtiHttp.errorCode(noState));
    }
}
