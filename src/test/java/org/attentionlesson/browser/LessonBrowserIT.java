package org.attentionlesson.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * A student launched from the dev LMS reads the lesson, does every exercise item and the flashcards with the
 * keyboard alone, reloads mid-attempt, and sees the score; axe-core finds nothing at each state; screenshots at
 * 375, 768 and 1280 px go to {@code <build dir>/screenshots}.
 */
class LessonBrowserIT {
    private static final String SENT = "Your score was sent to your course's gradebook.";
    private static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();

    private static TomcatServer server;
    private static ChromeDriver driver;
    private static Path shots;

    @BeforeAll
    static void start() throws Exception {
        shots = Browser.screenshotDir();
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
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
    void aStudentDoesTheWholeLessonWithTheKeyboardAlone() throws Exception {
        driver.get(server.baseUrl() + "/dev/start?user=student-ada&target=window&method=get");
        waitFor(d -> d.getCurrentUrl().contains("/lesson?lt="), "the launch ends on the lesson page");
        assertEquals(
                "Attention and transformers, in brief",
                driver.findElement(By.tagName("h1")).getText());
        assertFalse(driver.findElement(By.id("launch-user")).getText().isBlank());
        assertTrue(driver.getPageSource().contains("IntroToDeepLearning.com"));
        waitFor(d -> !d.findElements(By.cssSelector("#exercise-app button")).isEmpty(), "the exercise loads");
        axe("lesson");
        screenshots("lesson");

        tabTo(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Start the exercise"));
        press(Keys.ENTER);
        waitFor(d -> active().getAttribute("class").contains("step-heading"), "step 1 gets focus");
        axe("exercise step 1");

        int items = driver.findElements(By.cssSelector(".item-nav li")).size();
        assertEquals(8, items);
        for (int n = 0; n < items; n++) {
            if (n == 3) {
                driver.navigate().refresh();
                waitFor(d -> !d.findElements(By.cssSelector(".item-meta")).isEmpty(), "the attempt resumes");
                assertTrue(
                        driver.findElement(By.cssSelector(".item-meta"))
                                .getText()
                                .contains("Item 4 of 8"),
                        "reload resumes at the fourth item");
            }
            doItem(n, n % 4 == 1, n == 3);
            if (n == 0) {
                axe("reveal");
                screenshots("reveal");
            }
            tabTo(e ->
                    e.getAttribute("class") != null && e.getAttribute("class").contains("next-item"));
            press(Keys.ENTER);
        }
        waitFor(d -> active().getAttribute("class").contains("results-heading"), "the results get focus");
        String total = driver.findElement(By.cssSelector(".total")).getText();
        assertTrue(total.contains("of 12 points"), total);
        axe("results");
        tabTo(e -> e.getAttribute("class") != null && e.getAttribute("class").contains("submit"));
        press(Keys.ENTER);
        waitFor(d -> active().getAttribute("class").contains("confirm"), "the confirm step");
        tabTo(e -> e.getAttribute("class") != null && e.getAttribute("class").contains("submit-yes"));
        press(Keys.ENTER);
        waitFor(d -> !d.findElements(By.cssSelector(".submitted")).isEmpty(), "the submit result");
        String submitted = driver.findElement(By.cssSelector(".submitted")).getText();
        assertTrue(submitted.contains("%") && submitted.contains("Submitted"), submitted);
        waitFor(
                d -> "sent".equals(d.findElement(By.id("grade-status")).getAttribute("data-state")),
                "the score to reach the dev LMS gradebook");
        assertEquals(SENT, driver.findElement(By.id("grade-status")).getText());
        axe("results, score sent");
        screenshots("results");
        printsTheLessonAndTheCommittedItemsAsTables();
        // 8 items, two with the wrong antecedent (n % 4 == 1): 12 - 2 = 10 points, on the column's scale of 10.
        assertEquals("8.33 / 10", devGradebookCell("student-ada"));

        doFlashcards();
        axe("flashcards done");

        darkModeAndNarrow();
    }

    @Test
    void aStudentOnAPhoneWidthScreenDoesTheWholeLessonWithTheKeyboardAlone() throws Exception {
        viewport(375);
        try {
            driver.get(server.baseUrl() + "/dev/start?user=student-grace&target=window&method=post");
            waitFor(d -> d.getCurrentUrl().contains("/lesson?lt="), "the launch ends on the lesson page");
            waitFor(d -> !d.findElements(By.cssSelector("#exercise-app button")).isEmpty(), "the exercise loads");
            assertNoHorizontalScroll("lesson, phone");
            tabTo(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Start the exercise"));
            press(Keys.ENTER);
            waitFor(d -> active().getAttribute("class").contains("step-heading"), "step 1 gets focus");
            int items = driver.findElements(By.cssSelector(".item-nav li")).size();
            for (int n = 0; n < items; n++) {
                doItem(n, false, false);
                assertNoHorizontalScroll("reveal " + (n + 1) + ", phone");
                tabTo(e -> e.getAttribute("class") != null
                        && e.getAttribute("class").contains("next-item"));
                press(Keys.ENTER);
            }
            waitFor(d -> active().getAttribute("class").contains("results-heading"), "the results get focus");
            String total = driver.findElement(By.cssSelector(".total")).getText();
            assertTrue(total.contains("of 12 points"), total);
            tabTo(e ->
                    e.getAttribute("class") != null && e.getAttribute("class").contains("submit"));
            press(Keys.ENTER);
            waitFor(d -> active().getAttribute("class").contains("confirm"), "the confirm step");
            tabTo(e ->
                    e.getAttribute("class") != null && e.getAttribute("class").contains("submit-yes"));
            press(Keys.ENTER);
            waitFor(
                    d -> "sent".equals(d.findElement(By.id("grade-status")).getAttribute("data-state")),
                    "the score to reach the dev LMS gradebook");
            assertNoHorizontalScroll("results, phone");
            axe("results, phone");
            doFlashcards();
            assertNoHorizontalScroll("flashcards done, phone");
            assertEquals("10 / 10", devGradebookCell("student-grace"));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** One item by keyboard: pick the answer (or a wrong word), pick the cue, review, commit. */
    private void doItem(int n, boolean pickWrong, boolean afterReload) {
        if (!afterReload) {
            waitFor(d -> active().getAttribute("class").contains("step-heading"), "step 1 of item " + (n + 1));
        }
        String itemId = driver.findElement(By.cssSelector(".words"))
                .findElement(By.cssSelector("[role=option]"))
                .getAttribute("id");
        assertTrue(itemId != null);
        ExerciseItem item = currentItem();
        int antecedent = pickWrong
                ? item.candidates().stream()
                        .filter(c -> !c.id().equals(item.answer()))
                        .findFirst()
                        .orElseThrow()
                        .head()
                : item.accepted().get(0);
        choose(antecedent);
        pressOn(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
        waitFor(d -> active().getText().startsWith("Step 2"), "step 2");
        choose(item.cue().get(0));
        pressOn(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
        waitFor(d -> active().getText().startsWith("Step 3"), "step 3");
        pressOn(e -> e.getAttribute("class") != null && e.getAttribute("class").contains("commit"));
        waitFor(d -> active().getAttribute("class").contains("reveal-heading"), "the reveal gets focus");
        String verdict = active().getText();
        assertTrue(verdict.contains(pickWrong ? "0.5 of 1.5" : "1.5 of 1.5"), verdict);
        assertEquals(
                item.tokens().size(),
                driver.findElements(By.cssSelector("#exercise-app table.weights tbody tr"))
                        .size());
    }

    /** The item on screen, found by its sentence (the page never has its id before the commit). */
    private ExerciseItem currentItem() {
        List<String> words = driver.findElements(By.cssSelector(".words .word-text")).stream()
                .map(WebElement::getText)
                .map(s -> s.replaceFirst("^✓ ", ""))
                .toList();
        return EXERCISE.items().stream()
                .filter(i -> i.tokens().equals(words))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No item with words " + words));
    }

    private void choose(int index) {
        tabTo(e -> "option".equals(e.getAttribute("role")));
        press(Keys.HOME);
        for (int i = 0; i < index; i++) {
            press(Keys.ARROW_RIGHT);
        }
        press(Keys.SPACE);
        assertEquals("true", active().getAttribute("aria-selected"));
    }

    private void doFlashcards() {
        int guard = 0;
        boolean first = true;
        while (driver.findElements(By.cssSelector(".cards-done")).isEmpty()) {
            if (++guard > 80) {
                fail("The flashcards never finish");
            }
            if (!driver.findElements(By.cssSelector(".cards-session-done")).isEmpty()) {
                // The session's share of the ten minutes is done: this student keeps going to the end of the stack.
                pressOn(e -> e.getAttribute("class") != null
                        && e.getAttribute("class").contains("keep-going"));
                waitFor(d -> active().getAttribute("class").contains("card-front"), "the next card after keep going");
            }
            pressOn(e ->
                    e.getAttribute("class") != null && e.getAttribute("class").contains("show-answer"));
            waitFor(d -> active().getAttribute("class").contains("card-back"), "the answer gets focus");
            String choice = first ? "again" : "knew";
            if (first) {
                axe("flashcard answer");
            }
            first = false;
            pressOn(e ->
                    e.getAttribute("class") != null && e.getAttribute("class").contains(choice));
            waitFor(
                    d -> {
                        String c = active().getAttribute("class");
                        return c != null
                                && (c.contains("card-front")
                                        || c.contains("cards-done")
                                        || c.contains("cards-session-done"));
                    },
                    "the next card");
        }
        String progress = driver.findElement(By.id("cards-progress-text")).getText();
        assertTrue(progress.matches("(\\d+) of \\1 cards learned"), progress);
    }

    /** Print: the lesson, and each committed item with its answer and its weights table; no controls, no line figure. */
    private void printsTheLessonAndTheCommittedItemsAsTables() throws Exception {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            JavascriptExecutor js = driver;
            assertEquals(
                    Boolean.TRUE, js.executeScript("return document.querySelector('.lesson-body').offsetHeight > 0"));
            assertEquals(
                    Boolean.TRUE,
                    js.executeScript(
                            "return document.getElementById('exercise-app').offsetHeight === 0"
                                    + " && [...document.querySelectorAll('button, .attn-graph, .launch-bar')].every(e => e.offsetHeight === 0)"));
            assertEquals(
                    8L,
                    js.executeScript("return [...document.querySelectorAll('#exercise-print table.weights')]"
                            + ".filter(e => e.offsetHeight > 0).length"));
            String printed = driver.findElement(By.id("exercise-print")).getText();
            assertTrue(
                    printed.contains("Your answer:")
                            && printed.contains("Correct:")
                            && printed.contains("of 12 points"),
                    printed);
            shot("print-1280");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    private void darkModeAndNarrow() throws Exception {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        driver.navigate().refresh();
        waitFor(d -> !d.findElements(By.cssSelector(".submitted")).isEmpty(), "results after reload");
        waitFor(
                d -> "sent".equals(d.findElement(By.id("grade-status")).getAttribute("data-state")),
                "the delivery status after reload");
        assertEquals(SENT, driver.findElement(By.id("grade-status")).getText());
        axe("results, dark");
        screenshots("results-dark");
        pressOn(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Start a new attempt"));
        waitFor(d -> active().getAttribute("class").contains("step-heading"), "a new attempt");
        viewport(320);
        assertNoHorizontalScroll("exercise, 320 px");
        axe("exercise, dark, 320 px");
        ExerciseItem item = currentItem();
        choose(item.accepted().get(0));
        pressOn(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
        choose(item.cue().get(0));
        pressOn(e -> "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
        pressOn(e -> e.getAttribute("class") != null && e.getAttribute("class").contains("commit"));
        waitFor(d -> active().getAttribute("class").contains("reveal-heading"), "the reveal");
        assertNoHorizontalScroll("reveal, 320 px");
        axe("reveal, dark, 320 px");
        shot("reveal-dark-320");
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        axe("reveal, light, 320 px");
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The dev LMS gradebook (in another tab) as the LMS shows it: the student's cell in the activity's column. */
    private String devGradebookCell(String userId) {
        String lesson = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        try {
            driver.get(server.baseUrl() + "/dev/gradebook");
            return driver.findElement(By.xpath("//table[contains(@class,'dev-gradebook')]//tr[th[contains(., '" + userId
                            + "')]]/td[1]/strong"))
                    .getText();
        } finally {
            driver.close();
            driver.switchTo().window(lesson);
        }
    }

    private void assertNoHorizontalScroll(String state) {
        // With mobile emulation a too-wide page zooms out and innerWidth grows with it; clientWidth stays the device's.
        Map<?, ?> sizes = (Map<?, ?>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return {scroll: "
                                        + "document.documentElement.scrollWidth, inner: Math.min(window.innerWidth, document.documentElement.clientWidth)};");
        long scroll = ((Number) sizes.get("scroll")).longValue();
        long inner = ((Number) sizes.get("inner")).longValue();
        assertTrue(scroll <= inner, state + " scrolls sideways: " + scroll + " px wide in a " + inner + " px window");
    }

    // --- keyboard helpers: focus moves only by Tab; elements are activated only by keys ---

    private WebElement active() {
        return driver.switchTo().activeElement();
    }

    private void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    private void shiftTab() {
        new Actions(driver)
                .keyDown(Keys.SHIFT)
                .sendKeys(Keys.TAB)
                .keyUp(Keys.SHIFT)
                .perform();
    }

    private void tabTo(Predicate<WebElement> target) {
        for (int i = 0; i < 400; i++) {
            if (target.test(active())) {
                return;
            }
            press(Keys.TAB);
        }
        fail("Tab never reached the element; focus is on " + active().getTagName() + " " + active().getText());
    }

    private void pressOn(Predicate<WebElement> target) {
        tabTo(target);
        press(Keys.ENTER);
    }

    private void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition, String what) {
        try {
            org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(10))
                    .ignoring(NullPointerException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("Timed out waiting for " + what + "; focus is on <" + active().getTagName() + " class="
                    + active().getAttribute("class") + ">");
        }
    }

    // --- axe and screenshots ---

    private void axe(String state) {
        Browser.assertNoAxeViolations(driver, state);
    }

    private void viewport(int width) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    private void screenshots(String name) throws Exception {
        for (int width : new int[] {375, 768, 1280}) {
            viewport(width);
            if (width == 375) {
                assertNoHorizontalScroll(name + ", 375 px");
            }
            shot(name + "-" + width);
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private void shot(String name) throws Exception {
        ((JavascriptExecutor) driver).executeScript("return document.body.offsetHeight");
        Map<String, Object> result = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Path file = shots.resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
        System.out.println("Screenshot " + file);
    }
}
