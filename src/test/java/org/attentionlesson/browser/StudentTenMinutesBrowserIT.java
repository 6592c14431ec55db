package org.attentionlesson.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The student's ten minutes as a student lives them: every figure legible at 320 px and 1280 px in both themes
 * (measured text size and contrast), no sideways scroll, a compact reveal (at most 700 px at 1024 × 768), feedback
 * that names the mistake, the end summary, the resume banner, the way back to the course and out of a fixed
 * frame, all with the keyboard alone; axe-core at each state; screenshots of each state in
 * {@code <build dir>/screenshots/student-*.png}; and a scripted walk-through timed with docs/timing.md's model.
 */
class StudentTenMinutesBrowserIT {
    private static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();
    /** docs/timing.md: careful first-time reading speed and the time one choice takes. */
    private static final double WORDS_PER_SECOND = 200 / 60.0;

    private static final double SECONDS_PER_DECISION = 6;
    /** Review and commit, then "Next item": quick confirmations, not decisions. */
    private static final double SECONDS_PER_CONFIRM = 2;
    /** A look at the bar chart: its labels are glanced at, not read as prose. */
    private static final double SECONDS_PER_CHART = 5;

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
    void everyFigureIsLegibleAtPhoneAndDesktopWidthInBothThemes() throws Exception {
        driver.get(server.baseUrl() + "/dev/start?user=student-grace&target=window&method=get");
        waitFor(d -> d.getCurrentUrl().contains("/lesson?lt="), "the lesson page");
        waitFor(d -> !d.findElements(By.cssSelector(".figure-words")).isEmpty(), "the figures in words");
        try {
            for (int width : new int[] {320, 1280}) {
                for (String scheme : new String[] {"light", "dark"}) {
                    String state = "lesson, " + width + " px, " + scheme;
                    look(width, 900, scheme);
                    assertNoHorizontalScroll(state);
                    List<Map<String, Object>> figures = figureMeasures();
                    assertEquals(4, figures.size(), state);
                    for (Map<String, Object> f : figures) {
                        double contrast = ((Number) f.get("contrast")).doubleValue();
                        double smallest = ((Number) f.get("smallest")).doubleValue();
                        System.out.printf(
                                Locale.ROOT,
                                "Figure %s at %d px %s: smallest text %.1f px, contrast %.2f:1%n",
                                f.get("name"),
                                width,
                                scheme,
                                smallest,
                                contrast);
                        assertTrue(contrast >= 4.5, state + ": figure " + f.get("name") + " text contrast " + contrast);
                        if (width == 320) {
                            // 12 px, less the rounding of the SVG's transform (measured 11.9992 for exactly 12)
                            assertTrue(
                                    smallest >= 11.99,
                                    state + ": figure " + f.get("name") + " text is " + smallest + " px");
                        }
                    }
                    Browser.assertNoAxeViolations(driver, state);
                    WebElement figure = driver.findElements(By.cssSelector(".lesson-figure"))
                            .get(1);
                    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", figure);
                    elementShot(figure, "student-figure-" + width + "-" + scheme);
                }
            }
            WebElement words =
                    driver.findElements(By.cssSelector(".figure-words summary")).get(1);
            tabTo(e -> e.equals(words));
            press(Keys.ENTER);
            assertTrue(
                    driver.findElements(By.cssSelector(".figure-words"))
                            .get(1)
                            .getText()
                            .contains("kitten 40%"),
                    "the figure in words opens from the keyboard");
        } finally {
            reset();
        }
    }

    @Test
    void aStudentOnAPhoneInDarkModeDoesTheExerciseWithTheKeyboardAndLearnsFromTheFeedback() throws Exception {
        driver.get(server.baseUrl() + "/dev/start?user=student-ada&target=window&method=get");
        waitFor(d -> d.getCurrentUrl().contains("/lesson?lt="), "the lesson page");
        waitFor(d -> !d.findElements(By.cssSelector("#exercise-app button")).isEmpty(), "the exercise loads");
        WebElement back = driver.findElement(By.id("back-to-course"));
        assertEquals(
                server.baseUrl() + "/dev", back.getAttribute("href"), "back to the course: the launch's return_url");
        assertTrue(driver.findElements(By.id("open-new-window")).isEmpty(), "a top-level window needs no new window");
        try {
            look(320, 800, "dark");
            pressOn(e ->
                    "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Start the exercise"));
            waitFor(d -> active().getAttribute("class").contains("step-heading"), "step 1 gets focus");
            int items = driver.findElements(By.cssSelector(".item-nav li")).size();
            double seconds = 0;
            List<String> walk = new ArrayList<>();
            List<Long> revealHeights = new ArrayList<>();
            for (int n = 0; n < items; n++) {
                if (n == 2) {
                    driver.navigate().refresh();
                    waitFor(
                            d -> !d.findElements(By.cssSelector("#resume-banner a"))
                                    .isEmpty(),
                            "the resume banner");
                    assertTrue(driver.findElement(By.id("resume-banner"))
                            .getText()
                            .contains("2 of " + items + " items done"));
                    shot("student-resume-320-dark");
                    pressOn(e -> e.getAttribute("class") != null
                            && e.getAttribute("class").contains("resume-link"));
                    waitFor(d -> active().getAttribute("class").contains("step-heading"), "resume goes to the item");
                }
                ExerciseItem item = currentItem();
                // Item 2: a word that is neither candidate; item 3: the other candidate; the rest right.
                int antecedent = n == 1
                        ? otherWord(item)
                        : n == 2 ? otherCandidate(item) : item.accepted().get(0);
                int cue = n == 1 ? item.candidates().get(0).head() : item.cue().get(0);
                double reading = words(".sentence") + words(".step-heading") + words("#exercise-app .hint");
                if (n < 2) {
                    shot("student-step1-" + (n + 1) + "-320-dark");
                }
                choose(antecedent);
                pressOn(e ->
                        "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
                waitFor(d -> active().getText().startsWith("Step 2"), "step 2");
                if (n == 0) {
                    shot("student-step2-320-dark");
                    Browser.assertNoAxeViolations(driver, "step 2, 320 px, dark");
                }
                choose(cue);
                pressOn(e ->
                        "button".equalsIgnoreCase(e.getTagName()) && e.getText().equals("Next"));
                waitFor(d -> active().getText().startsWith("Step 3"), "step 3");
                reading += words(".review-line");
                if (n == 0) {
                    shot("student-step3-320-dark");
                }
                pressOn(e -> e.getAttribute("class") != null
                        && e.getAttribute("class").contains("commit"));
                waitFor(d -> active().getAttribute("class").contains("reveal-heading"), "the reveal gets focus");
                assertNoHorizontalScroll("reveal " + (n + 1) + ", 320 px");
                String feedback = driver.findElements(By.cssSelector(".reveal .feedback")).stream()
                        .map(WebElement::getText)
                        .findFirst()
                        .orElse("");
                if (n == 1) {
                    assertTrue(feedback.contains("is neither of the two things"), feedback);
                    assertTrue(feedback.contains("is a candidate, not a cue"), feedback);
                    shot("student-reveal-wrong-320-dark");
                    Browser.assertNoAxeViolations(driver, "reveal with feedback, 320 px, dark");
                } else if (n == 2) {
                    assertFalse(feedback.isBlank(), "the other candidate gets its own feedback");
                } else {
                    assertTrue(feedback.isEmpty(), "a right answer needs no correction: " + feedback);
                }
                String chip = driver.findElement(By.cssSelector(".nav-item.done[aria-current=step]"))
                        .getAttribute("aria-label");
                assertTrue(chip.contains(n == 1 || n == 2 ? "not correct" : "correct, and found the cue"), chip);
                // The reveal is read (verdict, feedback, explanation, the twin) and its chart looked at.
                reading += words(".reveal .verdict")
                        + words(".reveal .feedback")
                        + words(".reveal .explanation")
                        + words(".reveal .twin");
                double itemSeconds = reading / WORDS_PER_SECOND
                        + 2 * SECONDS_PER_DECISION
                        + 2 * SECONDS_PER_CONFIRM
                        + SECONDS_PER_CHART;
                seconds += itemSeconds;
                walk.add(String.format(
                        Locale.ROOT,
                        "item %d: %d words read, 2 choices, 2 confirmations, 1 chart: %.0f s",
                        n + 1,
                        Math.round(reading),
                        itemSeconds));
                look(1024, 768, "light");
                long height = ((Number)
                                ((JavascriptExecutor) driver)
                                        .executeScript(
                                                "return Math.ceil(document.querySelector('.reveal').getBoundingClientRect().height)"))
                        .longValue();
                revealHeights.add(height);
                assertTrue(height <= 700, "the reveal of item " + (n + 1) + " is " + height + " px at 1024 × 768");
                if (n == 0 || n == items - 1) {
                    look(1280, 900, "light");
                    shot("student-reveal-" + (n + 1) + "-1280-light");
                    Browser.assertNoAxeViolations(driver, "reveal, 1280 px, light");
                    look(320, 800, "dark");
                    shot("student-reveal-" + (n + 1) + "-320-dark");
                }
                look(320, 800, "dark");
                pressOn(e -> e.getAttribute("class") != null
                        && e.getAttribute("class").contains("next-item"));
            }
            waitFor(d -> active().getAttribute("class").contains("results-heading"), "the results get focus");
            String summary = driver.findElement(By.cssSelector(".end-summary")).getText();
            assertFalse(summary.isBlank());
            // The results: the total, the summary and a glance down the table; then submit and confirm.
            seconds += (words(".results .total") + words(".end-summary")) / WORDS_PER_SECOND
                    + SECONDS_PER_CHART
                    + 2 * SECONDS_PER_CONFIRM;
            assertNoHorizontalScroll("results, 320 px");
            Browser.assertNoAxeViolations(driver, "results, 320 px, dark");
            shot("student-results-320-dark");
            look(1280, 900, "light");
            shot("student-results-1280-light");
            System.out.println("Reveal heights at 1024 x 768: " + revealHeights);
            report(items, seconds, walk);
        } finally {
            reset();
        }
    }

    @Test
    void inAFixedFrameThePageOffersANewWindowAndHasNoScrollerOfItsOwn() {
        driver.get(server.baseUrl() + "/dev/course?user=student-grace&method=get");
        WebElement frame = org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.tagName("iframe")));
        driver.switchTo().frame(frame);
        try {
            waitFor(d -> !d.findElements(By.id("open-new-window")).isEmpty(), "the new-window link");
            WebElement link = driver.findElement(By.id("open-new-window"));
            assertTrue(link.getAttribute("href").contains("/lesson?lt="), link.getAttribute("href"));
            assertEquals("_blank", link.getAttribute("target"));
            assertEquals("_top", driver.findElement(By.id("back-to-course")).getAttribute("target"));
            Object inner = ((JavascriptExecutor) driver)
                    .executeScript("return [...document.querySelectorAll('body *')]"
                            + ".filter(e => { const s = getComputedStyle(e); return /(auto|scroll)/.test(s.overflowY)"
                            + " && e.scrollHeight > e.clientHeight + 1; }).map(e => e.className)");
            assertEquals(List.of(), inner, "no element scrolls vertically inside the page");
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    /** Each figure's name, smallest rendered text (CSS px) and the contrast of its text on what is behind it. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> figureMeasures() {
        return (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript("""
                const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
                const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
                  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
                const behind = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                  const v = rgb(c); if (v.length < 4 || v[3] > 0) return v.slice(0, 3); } return [255, 255, 255]; };
                return [...document.querySelectorAll('.lesson-figure svg')].map((svg) => {
                  let smallest = 1e9, contrast = 1e9;
                  const bg = behind(svg.closest('.lesson-figure'));
                  for (const text of svg.querySelectorAll('text')) {
                    const px = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
                    smallest = Math.min(smallest, px);
                    const fg = rgb(getComputedStyle(text).fill);
                    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
                    contrast = Math.min(contrast, (a + 0.05) / (b + 0.05));
                  }
                  return { name: svg.getAttribute('class'), smallest, contrast };
                });""");
    }

    private void report(int items, double exerciseSeconds, List<String> walk) throws Exception {
        // Flashcards (docs/timing.md): a session of 8 reviews, each a front, a recall, a back and a judgement.
        double cards = 8 * (12 / WORDS_PER_SECOND + 5 + 24 / WORDS_PER_SECOND + 2);
        double intro = 90 / WORDS_PER_SECOND;
        double total = intro + exerciseSeconds + cards;
        String text = String.format(
                Locale.ROOT,
                "Scripted walk-through, %d items: exercise %.0f s, flashcards %.0f s,"
                        + " rules %.0f s; total %.1f min%n%s%n",
                items,
                exerciseSeconds,
                cards,
                intro,
                total / 60,
                String.join("\n", walk));
        Files.writeString(shots.getParent().resolve("timing-walkthrough.txt"), text);
        System.out.print(text);
        assertTrue(total / 60 >= 7 && total / 60 <= 12, "the practice should take about ten minutes: " + text);
    }

    private double words(String selector) {
        return driver.findElements(By.cssSelector(selector)).stream()
                .filter(WebElement::isDisplayed)
                .mapToInt(e -> e.getText().isBlank() ? 0 : e.getText().strip().split("\\s+").length)
                .sum();
    }

    private ExerciseItem currentItem() {
        List<String> words = driver.findElements(By.cssSelector(".words .word-text")).stream()
                .map(WebElement::getText)
                .toList();
        return EXERCISE.items().stream()
                .filter(i -> i.tokens().equals(words))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No item with words " + words));
    }

    private static int otherCandidate(ExerciseItem item) {
        return item.candidates().stream()
                .filter(c -> !c.id().equals(item.answer()))
                .findFirst()
                .orElseThrow()
                .head();
    }

    /** A word that is neither candidate, nor the cue, nor the pronoun. */
    private static int otherWord(ExerciseItem item) {
        for (int i = 0; i < item.tokens().size(); i++) {
            int at = i;
            boolean inCandidate = item.candidates().stream().anyMatch(c -> c.covers(at));
            if (!inCandidate && i != item.pronoun() && !item.cue().contains(i)) {
                return i;
            }
        }
        throw new AssertionError("no other word in " + item.id());
    }

    private void look(int width, int height, String scheme) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private void reset() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    private void assertNoHorizontalScroll(String state) {
        Map<?, ?> sizes = (Map<?, ?>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return {scroll: "
                                        + "document.documentElement.scrollWidth, inner: Math.min(window.innerWidth, document.documentElement.clientWidth)};");
        long scroll = ((Number) sizes.get("scroll")).longValue();
        long inner = ((Number) sizes.get("inner")).longValue();
        assertTrue(scroll <= inner, state + " scrolls sideways: " + scroll + " px wide in a " + inner + " px window");
    }

    private WebElement active() {
        return driver.switchTo().activeElement();
    }

    private void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
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

    private void choose(int index) {
        tabTo(e -> "option".equals(e.getAttribute("role")));
        press(Keys.HOME);
        for (int i = 0; i < index; i++) {
            press(Keys.ARROW_RIGHT);
        }
        press(Keys.SPACE);
        assertEquals("true", active().getAttribute("aria-selected"));
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

    /** The exercise as it stands, all of it (beyond the viewport too). */
    private void shot(String name) throws Exception {
        Map<?, ?> r = (Map<?, ?>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const b = document.querySelector("
                                        + "'.practice .exercise').getBoundingClientRect(); return {x: b.left + scrollX, y: b.top + scrollY, w: b.width, h: b.height};");
        Map<String, Object> clip =
                Map.of("x", r.get("x"), "y", r.get("y"), "width", r.get("w"), "height", r.get("h"), "scale", 1);
        Map<String, Object> result = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(shots.resolve(name + ".png"), Base64.getDecoder().decode((String) result.get("data")));
    }

    private void elementShot(WebElement element, String name) throws Exception {
        Files.write(shots.resolve(name + ".png"), element.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }
}
