package org.attentionlesson.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedded Tomcat used by the run command and the tests cleans up after itself. */
class TomcatServerIT {
    @Test
    void stoppingTheServerRemovesItsTemporaryFolder() throws Exception {
        Path dir = Files.createTempDirectory("tomcat-server-it-");
        try (TestDatabase db = TestDatabase.h2(dir)) {
            TomcatServer server = TomcatServer.start(0, db.params());
            Path base = server.baseDir();
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(Files.isDirectory(base.resolve("webapps")), "the WAR was unpacked under " + base);
            server.close();
            assertFalse(Files.exists(base), "the temporary folder " + base + " is gone after close()");
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }
}
