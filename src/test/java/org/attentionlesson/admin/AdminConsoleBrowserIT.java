package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The admin console on a phone, in headless Chromium against the WAR in dev mode (which registers the dev LMS): at
 * 320 px the registrations, tool keys and deployments tables become one card per row, each value under its column's
 * name, nothing scrolls sideways, and axe finds nothing; at 1280 px they stay tables. Screenshots go to
 * {@code <build dir>/screenshots}.
 */
class AdminConsoleBrowserIT {

    @Test
    void theConsoleFitsAPhoneAndStaysATableOnADesktop() throws Exception {
        try (TomcatServer server =
                TomcatServer.start(0, Map.of("attention.devMode", "true"), Map.of("root", "s3cret"))) {
            String base = server.baseUrl().replace("http://", "http://root:s3cret@");
            ChromeDriver driver = Browser.chrome();
            try {
                driver.get(base + "/admin/");
                String registration = driver.findElement(By.cssSelector("#registrations tbody a"))
                        .getAttribute("href");
                assertTrue(registration.contains("/admin/registrations/"), registration);
                Path shots = Browser.screenshotDir();
                for (String page : List.of("/admin/", registration.substring(registration.indexOf("/admin/")))) {
                    String name = page.equals("/admin/") ? "admin-console" : "admin-registration";
                    for (int width : new int[] {320, 1280}) {
                        driver.executeCdpCommand(
                                "Emulation.setDeviceMetricsOverride",
                                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
                        driver.get(base + page);
                        JavascriptExecutor js = driver;
                        if (width == 320) {
                            Map<?, ?> sizes = (Map<?, ?>) js.executeScript("return {scroll: "
                                    + "document.documentElement.scrollWidth, inner: Math.min(window.innerWidth, "
                                    + "document.documentElement.clientWidth)};");
                            long scroll = ((Number) sizes.get("scroll")).longValue();
                            long inner = ((Number) sizes.get("inner")).longValue();
                            assertTrue(
                                    scroll <= inner, page + " scrolls sideways at 320 px: " + scroll + " > " + inner);
                            assertFalse(
                                    driver.findElements(By.cssSelector("table.stack"))
                                            .isEmpty(),
                                    page + " has tables");
                            Browser.assertTablesFit(driver, page + ", 320 px");
                            Browser.assertNoAxeViolations(driver, page + ", 320 px");
                        } else {
                            assertEquals(
                                    "table",
                                    js.executeScript("return getComputedStyle(document.querySelector('table.stack'))"
                                            + ".display"),
                                    page + " keeps its tables at 1280 px");
                        }
                        Map<String, Object> shot = driver.executeCdpCommand(
                                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
                        Path file = shots.resolve(name + "-" + width + ".png");
                        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
                    }
                }
            } finally {
                driver.quit();
            }
        }
    }
}
