package org.attentionlesson.deeplinking;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Deep linking in headless Chromium: the instructor fills in the picker with the keyboard, the response form posts
 * itself to the dev LMS under the real Content Security Policy, and a student opens the link that was added.
 */
class DeepLinkingBrowserIT {
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
    void instructorAddsAnActivityByKeyboardAndAStudentOpensIt() {
        browser.get(server.baseUrl() + "/dev");
        browser.findElement(By.id("dl-add-teacher-alan")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/deep-linking?lt="));
        axe("picker");

        WebElement title = browser.findElement(By.id("title"));
        title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Attention, in the browser");
        title.sendKeys(Keys.TAB);
        WebElement points = browser.switchTo().activeElement();
        assertEquals("points", points.getAttribute("id"), "Tab from the title reaches the points");
        points.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        points.sendKeys(Keys.ENTER);
        waitFor(() -> !browser.findElements(By.id("points-error")).isEmpty());
        axe("picker with an error");

        browser.findElement(By.id("points")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "12");
        browser.findElement(By.id("policy-latest")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("presentation-window")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("title")).sendKeys(Keys.ENTER);

        waitFor(() -> browser.getCurrentUrl().contains("/dev?dl=added"));
        assertTrue(browser.findElement(By.id("dl-notice")).getText().contains("added"));
        WebElement added = browser.findElement(By.xpath("//li[strong[text()='Attention, in the browser']]"));
        assertTrue(added.getText().contains("12"), added.getText());

        added.findElement(By.cssSelector("a[id$='-student-ada']")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/lesson?lt="));
        assertTrue(browser.findElement(By.tagName("body")).getText().contains("Ada Lovelace"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        org.attentionlesson.support.Browser.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> condition.getAsBoolean());
    }

    private static void axe(String state) {
        Browser.assertNoAxeViolations(browser, state);
    }
}
