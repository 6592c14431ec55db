package org.attentionlesson.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's ChromeDriver (never a downloaded browser), with the flags that keep
 * it from making outside connections. A machine without them fails the test and says what to install.
 */
public final class Browser {
    public static final File CHROMIUM = new File(System.getProperty("attention.test.chromium", "/usr/bin/chromium"));
    public static final File CHROMEDRIVER = new File(System.getProperty("attention.test.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
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
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run");
        options.addArguments(extraArgs);
        if (!prefs.isEmpty()) {
            options.setExperimentalOption("prefs", prefs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
