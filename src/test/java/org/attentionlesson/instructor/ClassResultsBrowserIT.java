package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The instructor opens the class results from the lesson page in a real browser: axe-core finds nothing, the page
 * does not scroll sideways at 320 px, and screenshots at 320 and 1280 px go to {@code <build dir>/screenshots}.
 */
class ClassResultsBrowserIT {

    private static TomcatServer server;
    private static ChromeDriver driver;
    private static Path shots;

    @BeforeAll
    static void start() throws Exception {
        shots = Browser.screenshotDir();
        server = TomcatServer.start(
                0, Map.of("attention.devMode", "true", "attention.pairsPerAttempt", ClassResultsFixture.ALL_PAIRS));
        String ada =
                new DevLmsClient(server.baseUrl()).launch("student-ada", "get").launchToken();
        String grace = new DevLmsClient(server.baseUrl())
                .launch("student-grace", "get")
                .launchToken();
        new ClassResultsFixture(server.baseUrl()).answerAsTheClass(ada, grace);
        driver = Browser.chrome();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theInstructorReachesTheClassResultsByKeyboardAndAxeFindsNothing() throws Exception {
        driver.get(server.baseUrl() + "/dev/start?user=teacher-alan&target=window&method=get");
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/lesson?lt="));
        WebElement link = driver.findElement(By.id("class-results-link"));
        for (int i = 0; i < 40 && !link.equals(driver.switchTo().activeElement()); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        assertEquals(link, driver.switchTo().activeElement(), "the class results link is reachable with Tab");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/instructor/class?lt="));
        assertEquals("How the class did", driver.findElement(By.tagName("h1")).getText());
        assertEquals(
                29,
                driver.findElements(By.cssSelector(".class-students tbody tr")).size(),
                "every member of the dev course but the instructor");
        axe("class results, students");
        checkWidths("students");
        driver.findElement(By.linkText("Pairs")).click();
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("view=pairs"));
        axe("class results, pairs");
        checkWidths("pairs");
        assertEquals(
                ClassResultsFixture.EXERCISE.pairs().size(),
                driver.findElements(By.cssSelector(".class-pairs tbody tr")).size(),
                "a row per twin pair");
    }

    @Test
    void theItemsViewHasAMapPerAnsweredItemAndTheDrillDownReadsWell() throws Exception {
        driver.get(server.baseUrl() + "/dev/start?user=teacher-alan&target=window&method=get");
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/lesson?lt="));
        driver.findElement(By.id("class-results-link")).click();
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/instructor/class?lt="));
        driver.findElement(By.partialLinkText("Grace Hopper")).click();
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("student=student-grace"));
        assertTrue(
                driver.findElements(By.cssSelector(".student-items tbody tr")).size() > 2, "the attempt's items");
        axe("class results, one student");
        checkWidths("student");
        driver.findElement(By.linkText("Items")).click();
        org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("view=items"));
        long asked = ClassResultsFixture.EXERCISE.items().stream()
                .filter(i -> !ClassResultsFixture.EXERCISE.retired().contains(i.pair()))
                .count(); // retired: never asked
        assertEquals(
                asked, driver.findElements(By.cssSelector(".class-map-table")).size(), "a map per answered item");
        axe("class results, items");
        checkWidths("items");
    }

    private void checkWidths(String view) throws Exception {
        for (int width : new int[] {320, 800, 1280}) {
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
            if (width == 320) {
                Map<?, ?> sizes = (Map<?, ?>) ((JavascriptExecutor) driver)
                        .executeScript("return {scroll: "
                                + "document.documentElement.scrollWidth, inner: Math.min(window.innerWidth, "
                                + "document.documentElement.clientWidth)};");
                long scroll = ((Number) sizes.get("scroll")).longValue();
                long inner = ((Number) sizes.get("inner")).longValue();
                assertTrue(scroll <= inner, "the page scrolls sideways at 320 px: " + scroll + " > " + inner);
                Browser.assertTablesFit(driver, "class results, " + view + ", 320 px");
                axe("class results, 320 px");
            }
            if (width == 800 && view.equals("students")) {
                // An LMS frame beside the course menu: the students' table keeps its columns and shows all of them.
                Object over = ((JavascriptExecutor) driver)
                        .executeScript("const t = document.querySelector('table.class-students');"
                                + " return t.classList.contains('stacked') && getComputedStyle(t).display === 'block'"
                                + " ? 'cards' : t.parentElement.scrollWidth - t.parentElement.clientWidth;");
                assertEquals(0L, over, "the students' table at 800 px: columns hidden sideways (px), or cards");
            }
            Map<String, Object> result = driver.executeCdpCommand(
                    "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            Path file = shots.resolve("class-results-" + view + "-" + width + ".png");
            Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
            System.out.println("Screenshot " + file);
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private void axe(String state) {
        Browser.assertNoAxeViolations(driver, state);
    }
}
