package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The set-up guides as pages of the admin console, through the WAR on Tomcat 11: Markdown rendered to HTML with this
 * tool's own values filled in, admins only, linked from the console, and copy buttons that put a value on the
 * clipboard in headless Chromium.
 */
class SetupGuidesIT {
    static TomcatServer tool;

    @BeforeAll
    static void start() {
        tool = TomcatServer.start(0, Map.of("attention.devMode", "false"), Map.of("root", "s3cret"));
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    @Test
    void eachGuideIsAnAdminPageWithThisToolsValuesFilledIn() throws Exception {
        ToolClient console = new ToolClient(tool.baseUrl(), "root", "s3cret");
        for (String g : List.of("moodle", "canvas", "dynamic", "manual")) {
            HttpResponse<String> r = console.get("/admin/guides/" + g);
            assertEquals(200, r.statusCode(), g);
            String html = r.body();
            assertTrue(html.contains("<article class=\"guide\" id=\"guide\" data-guide=\"" + g + "\">"), g);
            assertTrue(
                    html.contains("<code class=\"copyable\">" + tool.baseUrl() + "/lti/"),
                    g + ": values are filled in");
            assertFalse(html.contains("YOUR-TOOL-HOST"), g + ": no placeholder left");
            assertFalse(html.contains("${"), g + ": no template syntax left");
            assertTrue(html.contains("<h1>"), g + ": Markdown is rendered");
            assertTrue(html.contains("contextmembership.readonly"), g + ": lists the scopes");
            assertEquals(
                    401,
                    new ToolClient(tool.baseUrl()).get("/admin/guides/" + g).statusCode(),
                    g + ": admins only");
        }
        String moodle = console.get("/admin/guides/moodle").body();
        assertTrue(moodle.contains("<table>"), "tables are rendered");
        assertTrue(moodle.contains("<code class=\"copyable\">" + tool.baseUrl() + "/lti/register</code>"));
        assertTrue(moodle.contains("<code class=\"copyable\">" + tool.baseUrl() + "/.well-known/jwks.json</code>"));
        assertTrue(moodle.contains("Show in activity chooser and as a preconfigured tool"));
        assertTrue(moodle.contains("More</strong> → <strong>LTI External tools"));
        assertTrue(moodle.contains("Embed, without blocks"));
        assertEquals(404, console.get("/admin/guides/other").statusCode());
        int traversal = console.get("/admin/guides/..%2Fadmin%2Findex").statusCode();
        assertTrue(traversal == 400 || traversal == 404, "no guide outside the list: " + traversal);

        String index = console.get("/admin/").body();
        for (String g : List.of("moodle", "canvas", "dynamic", "manual")) {
            assertTrue(index.contains("href=\"/admin/guides/" + g + "\""), "the console links the " + g + " guide");
        }
    }

    @Test
    void copyButtonPutsTheValueOnTheClipboard() {
        ChromeDriver driver = Browser.chrome();
        try {
            driver.executeCdpCommand(
                    "Browser.grantPermissions",
                    Map.of(
                            "origin",
                            tool.baseUrl(),
                            "permissions",
                            List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
            driver.get(tool.baseUrl().replace("http://", "http://root:s3cret@") + "/admin/guides/moodle");
            WebDriverWait wait = org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(10));
            wait.until(
                    d -> !d.findElements(By.cssSelector("#guide .copy-button")).isEmpty());
            List<WebElement> values = driver.findElements(By.cssSelector("#guide .copyable"));
            List<WebElement> buttons = driver.findElements(By.cssSelector("#guide .copy-button"));
            assertEquals(values.size(), buttons.size(), "one copy button per value");
            WebElement button = driver.findElement(
                    By.cssSelector("#guide button.copy-button[data-copy-value='" + tool.baseUrl() + "/lti/register']"));
            button.click();
            wait.until(d -> "Copied".equals(button.getText()));
            Object clip = driver.executeAsyncScript(
                    "navigator.clipboard.readText().then(arguments[0], " + "e => arguments[0]('error ' + e))");
            assertEquals(tool.baseUrl() + "/lti/register", clip);
            Browser.assertNoAxeViolations(driver, "the Moodle set-up guide");
        } finally {
            driver.quit();
        }
    }
}
