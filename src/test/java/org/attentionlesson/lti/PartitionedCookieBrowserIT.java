package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.Browser;
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
 * The login-state cookie is {@code SameSite=None; Secure; Partitioned} (CHIPS): a Chromium that blocks third-party
 * cookies still keeps it for the course page that framed the tool, so a framed launch works by cookie alone, with
 * no detour through the platform's storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionedCookieBrowserIT {
    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    ChromeDriver driver;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("chips");
        dir = Files.createTempDirectory("chips-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params);
        driver = Browser.chrome(
                Map.of("profile.block_third_party_cookies", true, "profile.cookie_controls_mode", 1),
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

    @Test
    void aFramedLaunchKeepsItsPartitionedStateCookieWhenThirdPartyCookiesAreBlocked() {
        long launchesBefore = db.count("launch_context");
        driver.get(platform.coursePageUrl(tomcat.baseUrl(), false));
        WebDriver frame = driver.switchTo().frame("tool");
        org.attentionlesson.support.Browser.waitUpTo(frame, Duration.ofSeconds(15))
                .until(d -> !d.findElements(By.id("launch-user")).isEmpty());
        driver.switchTo().defaultContent();
        List<String> log = driver.findElements(By.cssSelector("#log li")).stream()
                .map(WebElement::getText)
                .toList();
        assertTrue(
                log.stream().noneMatch(l -> l.startsWith("get state_")),
                "the state cookie came back, so the launch needed no platform storage: " + log);
        assertEquals(launchesBefore + 1, db.count("launch_context"));
    }
}
