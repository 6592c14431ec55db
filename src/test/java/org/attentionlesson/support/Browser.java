package org.attentionlesson.support;

import static org.junit.jupiter.api.Assertions.fail;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's ChromeDriver (never a downloaded browser), with the flags that keep
 * it from making outside connections. A machine without them fails the test and says what to install.
 */
public final class Browser {
    /**
     * How often a test's wait looks again (Selenium's default is 500 ms): a page that is ready in 20 ms is seen in
     * 50, so a walk through the lesson by keyboard does not spend most of its time asleep between steps.
     */
    private static final java.time.Duration POLL = java.time.Duration.ofMillis(50);

    /** A wait of up to {@code timeout} that looks again every {@link #POLL}; every browser test waits through it. */
    public static org.openqa.selenium.support.ui.WebDriverWait waitUpTo(WebDriver driver, java.time.Duration timeout) {
        return new org.openqa.selenium.support.ui.WebDriverWait(driver, timeout, POLL);
    }

    public static final File CHROMIUM = new File(System.getProperty("attention.test.chromium", "/usr/bin/chromium"));
    public static final File CHROMEDRIVER =
            new File(System.getProperty("attention.test.chromedriver", "/usr/bin/chromedriver"));

    /** The WCAG rule sets every page is scanned against (docs/exercise.md, "The page everywhere"). */
    public static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa");

    private Browser() {}

    /** Fails with every axe-core violation on the page as it stands, naming the page's {@code state}. */
    public static void assertNoAxeViolations(WebDriver driver, String state) {
        List<Rule> violations =
                new AxeBuilder().withTags(AXE_TAGS).analyze(driver).getViolations();
        if (!violations.isEmpty()) {
            fail("axe-core found violations on " + state + ":\n"
                    + violations.stream()
                            .map(v -> "  " + v.getId() + ": " + v.getHelp() + " -> "
                                    + v.getNodes().stream()
                                            .map(node -> node.getTarget() + " " + node.getFailureSummary())
                                            .collect(Collectors.joining("; ")))
                            .collect(Collectors.joining("\n")));
        }
    }

    /** {@code screenshots/} in the build directory (beside the WAR under test), created if missing. */
    /**
     * On a narrow screen every table marked {@code stack} has become cards (tables.js): it does not scroll sideways
     * inside its frame, and every value carries its column's name.
     */
    public static void assertTablesFit(WebDriver driver, String state) {
        java.util.List<?> wide = (java.util.List<?>) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return [...document.querySelectorAll('table.stack')]"
                        + ".filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1"
                        + " || !t.classList.contains('stacked')"
                        + " || [...t.querySelectorAll('tbody td:not([colspan])')].some(td => !td.dataset.label))"
                        + ".map(t => t.className);");
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(), wide, state + ": tables that scroll sideways or lack labels");
    }

    public static Path screenshotDir() {
        String war = System.getProperty("attention.test.war");
        Path buildDir = war == null || war.isBlank()
                ? Path.of("target")
                : Path.of(war).toAbsolutePath().getParent();
        try {
            return Files.createDirectories(buildDir.resolve("screenshots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChromeDriver chrome() {
        return chrome(Map.of(), "--window-size=1280,900");
    }

    /** A headless Chromium with these preferences (e.g. blocking third-party cookies) and extra arguments. */
    public static ChromeDriver chrome(Map<String, Object> prefs, String... extraArgs) {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            fail("Browser tests need Debian's Chromium and ChromeDriver: apt-get install chromium chromium-driver "
                    + "(`mvn verify` installs them through .ci/test-deps)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run");
        options.addArguments(extraArgs);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // console messages, e.g. CSP refusals
        if (!prefs.isEmpty()) {
            options.setExperimentalOption("prefs", prefs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
