package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dev LMS gradebook and the instructor's delivery page in Chromium, with the gradebook made to fail: the student's
 * page says the score is delayed, the instructor sees the 503 and retries it, the student's page turns to "sent" and
 * the gradebook lists the score. Screenshots of both pages go to {@code <build dir>/screenshots}.
 */
class GradebookBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TomcatServer server;
    private static ChromeDriver driver;
    private static Path shots;

    @BeforeAll
    static void start() throws Exception {
        shots = Browser.screenshotDir();
        Map<String, String> params = new LinkedHashMap<>(GradeFixture.fastGrading());
        params.put("attention.devMode", "true");
        // The dev course's three fixed members only: with the default 30 the pages take longer, and the worker's next
        // try (backoff at most 1.5 s) can deliver the score before the instructor presses "retry now".
        params.put("attention.dev.courseSize", "3");
        // After the first refused try the worker waits a minute: the score goes out again only when the instructor
        // presses "Retry now", whatever the machine's speed (no race between the click and the worker's own retry).
        params.put("attention.grading.backoffBaseMillis", "60000");
        params.put("attention.grading.backoffMaxMillis", "120000");
        server = TomcatServer.start(0, params);
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
    void aScoreHeldUpByTheGradebookIsShownDelayedThenSentAfterTheInstructorRetries() throws Exception {
        // The gradebook answers 503 from now on (the fault switch on its page).
        driver.get(server.baseUrl() + "/dev/gradebook");
        WebElement unavailable = driver.findElement(By.cssSelector("form input[name=fault][value=unavailable]"))
                .findElement(By.xpath("./ancestor::form"));
        WebElement seconds = unavailable.findElement(By.name("seconds"));
        seconds.clear();
        seconds.sendKeys("600");
        unavailable.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> d.findElement(By.id("faults-now")).getText().contains("503"), "the fault switch");

        // Grace does the exercise and submits while the gradebook is down.
        String grace = new DevLmsClient(server.baseUrl())
                .launch("student-grace", "get")
                .launchToken();
        JsonNode submitted = submitAnAttempt(grace);
        double points = submitted.path("points").asDouble();
        double max = submitted.path("maxPoints").asDouble();
        String score = fmt(points) + " / " + fmt(max);
        // The dev gradebook's column is out of 10: the score arrives on that scale (AGS 2.0 §3.4), not as 18ths.
        String inGradebook = fmt(Math.round(points / max * 10 * 10_000) / 10_000.0) + " / 10";

        String student = driver.getWindowHandle();
        driver.get(server.baseUrl() + "/lesson?lt=" + grace);
        waitFor(d -> "delayed".equals(gradeState()), "the student's page to say the score is delayed");
        assertTrue(driver.findElement(By.id("grade-status")).getText().contains("delayed"));
        String resultArea = driver.findElement(By.id("grade-status"))
                .findElement(By.xpath(".."))
                .getText();
        assertEquals(1, resultArea.split("recorded here", -1).length - 1, "said once: " + resultArea);
        axe("lesson results, delayed");

        // The instructor's delivery page lists the held-up score with the platform's answer.
        driver.switchTo().newWindow(WindowType.TAB);
        String instructor = driver.getWindowHandle();
        driver.get(server.baseUrl() + "/dev/start?user=teacher-alan&target=window&method=get");
        waitFor(d -> d.getCurrentUrl().contains("/lesson?lt="), "the instructor's launch");
        String alan = driver.findElement(By.id("main")).getAttribute("data-launch-token");
        driver.get(server.baseUrl() + "/instructor/grades?lt=" + alan);
        WebElement row = driver.findElement(
                By.xpath("//table[contains(@class,'grade-problems')]//tr[td[contains(., 'student-grace')]]"));
        assertTrue(row.getText().contains("503"), row.getText());
        assertTrue(row.getText().contains(score), row.getText());
        assertTrue(row.getText().contains("Grace Hopper"), "the student's name from the launch: " + row.getText());
        WebElement nextTry = row.findElement(By.cssSelector("time[data-local]"));
        java.time.Instant.parse(nextTry.getAttribute("datetime"));
        assertFalse(nextTry.getText().matches(".*\\d{4}-\\d{2}-\\d{2}T.*"), "a readable time: " + nextTry.getText());
        assertFalse(nextTry.getText().isBlank());
        axe("instructor grades, a delivery delayed");
        screenshots("instructor-grades-delayed");

        // The gradebook has nothing for Grace yet, and logged the 503s.
        driver.get(server.baseUrl() + "/dev/gradebook");
        assertEquals("—", gradebookCell("student-grace"));
        assertTrue(driver.findElement(By.cssSelector(".dev-log")).getText().contains("503"));
        axe("dev gradebook, failing");
        screenshots("dev-gradebook-failing");

        // The gradebook recovers, the instructor retries now, and the score arrives.
        driver.findElement(By.cssSelector("form input[name=fault][value=clear]"))
                .findElement(By.xpath("./ancestor::form"))
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        waitFor(d -> d.findElement(By.id("faults-now")).getText().contains("nothing"), "the faults to clear");
        driver.get(server.baseUrl() + "/instructor/grades?lt=" + alan);
        driver.findElement(By.xpath(
                        "//table[contains(@class,'grade-problems')]//tr[td[contains(., 'student-grace')]]//button"))
                .click();
        waitFor(d -> !d.findElements(By.cssSelector(".notice")).isEmpty(), "the retry notice");

        driver.switchTo().window(student);
        waitFor(d -> "sent".equals(gradeState()), "the student's page to say the score was sent");
        assertEquals(
                "Your score was sent to your course's gradebook.",
                driver.findElement(By.id("grade-status")).getText());
        waitFor(
                d -> d.findElement(By.id("exercise-live")).getText().contains("sent to your course's gradebook"),
                "the change to be announced in the live region");
        axe("lesson results, sent");

        driver.switchTo().window(instructor);
        driver.get(server.baseUrl() + "/dev/gradebook");
        assertEquals(inGradebook, gradebookCell("student-grace"));
        screenshots("dev-gradebook");
        driver.get(server.baseUrl() + "/instructor/grades?lt=" + alan);
        assertTrue(driver.findElements(By.cssSelector("table.grade-problems")).isEmpty(), "no problems are left");
        axe("instructor grades, all sent");
        screenshots("instructor-grades");
    }

    /** Starts an attempt, commits every item (word 0 or 1 as the answer, the next word as the cue) and submits. */
    private static JsonNode submitAnAttempt(String token) throws Exception {
        JsonNode attempt = call("POST", "/api/exercise/attempts", token, null);
        long id = attempt.path("attemptId").asLong();
        for (JsonNode item : attempt.path("items")) {
            int pronoun = item.path("pronoun").asInt();
            int antecedent = pronoun == 0 ? 1 : 0;
            int cue = pronoun == antecedent + 1 ? antecedent + 2 : antecedent + 1;
            call(
                    "PUT",
                    "/api/exercise/attempts/" + id + "/items/" + item.path("id").asText(),
                    token,
                    "{\"antecedent\":" + antecedent + ",\"cue\":" + cue + "}");
        }
        return call("POST", "/api/exercise/attempts/" + id + "/submit", token, null);
    }

    private static JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        HttpResponse<String> resp = HTTP.send(
                req.method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), method + " " + path + ": " + resp.body());
        return JSON.readTree(resp.body());
    }

    private static String gradeState() {
        return driver.findElement(By.id("grade-status")).getAttribute("data-state");
    }

    private static String gradebookCell(String userId) {
        return driver.findElement(By.xpath("//table[contains(@class,'dev-gradebook')]//tr[th[contains(., '" + userId
                        + "')]]/td[1]/strong"))
                .getText();
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(java.util.Locale.ROOT, "%.2f", x);
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        try {
            org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(30))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("Timed out waiting for " + what + " on " + driver.getCurrentUrl());
        }
    }

    private static void axe(String state) {
        Browser.assertNoAxeViolations(driver, state);
    }

    /** Full-page screenshots at 375 and 1280 px; at 375 px the page must not scroll sideways. */
    private static void screenshots(String name) throws Exception {
        for (int width : new int[] {375, 1280}) {
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
            if (width == 375) {
                Map<?, ?> sizes = (Map<?, ?>) ((JavascriptExecutor) driver)
                        .executeScript("return {scroll: document.documentElement.scrollWidth, inner: "
                                + "Math.min(window.innerWidth, document.documentElement.clientWidth)};");
                assertTrue(
                        ((Number) sizes.get("scroll")).longValue() <= ((Number) sizes.get("inner")).longValue(),
                        name + " scrolls sideways at 375 px: " + sizes);
                Browser.assertTablesFit(driver, name + ", 375 px");
            }
            Map<String, Object> shot = driver.executeCdpCommand(
                    "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            Path file = shots.resolve(name + "-" + width + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            System.out.println("Screenshot " + file);
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
