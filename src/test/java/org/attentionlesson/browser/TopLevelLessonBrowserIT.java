package org.attentionlesson.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lesson top-level with no frame at all, as the Canvas phone apps open a tool (a full-screen web view: no parent
 * window, no platform messaging), in headless Chromium at a phone's size: the page and frame.js run without a script
 * error, send no {@code lti.*} message, every API call answers 200 (a new student's first "latest attempt" too),
 * and the icon is served.
 */
class TopLevelLessonBrowserIT {
    /** Runs before the page's own scripts: records script errors, postMessage calls and each fetch's status. */
    private static final String PROBE = """
            window.__errors = []; window.__posted = []; window.__fetches = [];
            window.addEventListener('error', e => window.__errors.push(String(e.message)));
            window.addEventListener('unhandledrejection', e => window.__errors.push('rejection: ' + e.reason));
            const post = window.postMessage.bind(window);
            window.postMessage = function (m, o) { window.__posted.push(JSON.stringify(m)); return post(m, o); };
            const realFetch = window.fetch.bind(window);
            window.fetch = async function (input, init) {
              const r = await realFetch(input, init);
              window.__fetches.push((init && init.method || 'GET') + ' ' + String(input) + ' ' + r.status);
              return r;
            };
            """;

    private static TomcatServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
        driver = Browser.chrome(Map.of(), "--window-size=390,844");
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
    void theLessonWorksTopLevelWithoutAnyParentFrame() throws Exception {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
        driver.get(server.baseUrl() + "/dev/start?user=student-ada&target=window&method=get");
        WebDriverWait wait = org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20));
        wait.until(d -> d.getCurrentUrl().contains("/lesson?lt="));
        assertEquals(
                Boolean.TRUE,
                driver.executeScript("return window.parent === window && window.top === window"),
                "no frame around the lesson");
        wait.until(d -> !d.findElements(By.cssSelector("#exercise-app button")).isEmpty());

        driver.findElement(By.xpath("//button[normalize-space()='Start the exercise']"))
                .click();
        wait.until(d -> !d.findElements(By.cssSelector(".item-meta")).isEmpty());
        assertTrue(
                driver.findElement(By.cssSelector(".item-meta")).getText().contains("Item 1 of"),
                "the exercise runs top-level");

        assertEquals(List.of(), driver.executeScript("return window.__errors"), "no script error");
        assertEquals(
                List.of(),
                driver.executeScript("return window.__posted"),
                "top-level, no lti.frameResize or lti.scrollToTop is sent anywhere");
        @SuppressWarnings("unchecked")
        List<String> fetches = (List<String>) driver.executeScript("return window.__fetches");
        assertTrue(
                fetches.stream().anyMatch(f -> f.contains("/api/exercise/attempts/latest 200")),
                "a new student's first latest attempt is an empty 200, not a 404: " + fetches);
        assertTrue(fetches.stream().allMatch(f -> f.endsWith(" 200")), "every API call answered 200: " + fetches);

        String icon = driver.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href");
        HttpClient http = HttpClient.newHttpClient();
        for (String url : List.of(icon, server.baseUrl() + "/favicon.ico")) {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), url);
            assertEquals(
                    "image/svg+xml",
                    r.headers().firstValue("Content-Type").orElse("").split(";")[0],
                    url);
            assertTrue(r.body().contains("<svg"), url);
        }
    }
}
