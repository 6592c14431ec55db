package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/** The files in {@code lti-config/} are exactly what the running tool serves, with the placeholder base URL. */
class LtiConfigIT {
    static final String PLACEHOLDER = "https://YOUR-TOOL-HOST";
    static final List<String> FILES = List.of("canvas-developer-key.json", "tool-configuration.json", "moodle.md");

    @Test
    void repositoryFilesEqualWhatTheToolServesForThePlaceholderBaseUrl() throws Exception {
        try (TomcatServer tool = TomcatServer.start(0, Map.of("attention.baseUrl", PLACEHOLDER))) {
            for (String f : FILES) {
                HttpResponse<String> r = new ToolClient(tool.baseUrl()).get("/lti-config/" + f);
                assertEquals(200, r.statusCode(), f);
                assertEquals(Files.readString(Path.of("lti-config", f)), r.body(),
                        "lti-config/" + f + " differs from what the tool serves: regenerate it from /lti-config/" + f);
            }
        }
    }

    @Test
    void servesEachFileWithItsOwnBaseUrlFilledIn() throws Exception {
        try (TomcatServer tool = TomcatServer.start(0, Map.of())) {
            for (String f : FILES) {
                String served = new ToolClient(tool.baseUrl()).get("/lti-config/" + f).body();
                String expected = Files.readString(Path.of("lti-config", f))
                        .replace(PLACEHOLDER, tool.baseUrl()).replace("YOUR-TOOL-HOST", "localhost:" + tool.port());
                assertEquals(expected, served, f);
                assertTrue(served.contains(tool.baseUrl() + "/lti/login"), f);
            }
            HttpResponse<String> logo = new ToolClient(tool.baseUrl()).get("/lti-config/logo.svg");
            assertEquals(200, logo.statusCode());
            assertEquals(404, new ToolClient(tool.baseUrl()).get("/lti-config/other.json").statusCode());
        }
    }
}
