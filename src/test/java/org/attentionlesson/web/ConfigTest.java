package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
    static Config from(Map<String, String> values) {
        return Config.from(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void defaultsToH2InTheDataDirectoryWithDevModeOff() {
        Config c = from(Map.of("attention.dataDir", "/srv/attention"));
        assertEquals("jdbc:h2:file:/srv/attention/attention", c.jdbcUrl());
        assertFalse(c.devMode());
        assertFalse(c.usesPostgres());
        assertEquals(Config.UnknownDeploymentPolicy.REJECT, c.unknownDeployments());
        assertEquals("http://localhost:8080", c.baseUrl().toString());
    }

    @Test
    void aPostgresUrlSwitchesToPostgres() {
        assertTrue(from(Map.of("attention.jdbcUrl", "jdbc:postgresql://db/attention"))
                .usesPostgres());
    }

    @Test
    void stripsATrailingSlashFromTheBaseUrlAndBuildsAbsoluteUrls() {
        Config c = from(Map.of("attention.baseUrl", "https://tool.example.edu/"));
        assertEquals("https://tool.example.edu/lti/launch", c.url("/lti/launch"));
    }

    @Test
    void refusesARelativeBaseUrl() {
        assertThrows(IllegalStateException.class, () -> from(Map.of("attention.baseUrl", "tool.example.edu")));
    }

    @Test
    void namesEnvironmentVariablesAfterTheProperty() {
        assertEquals("ATTENTION_BASE_URL", Config.envName("attention.baseUrl"));
        assertEquals("ATTENTION_JDBC_PASSWORD", Config.envName("attention.jdbcPassword"));
        assertEquals("ATTENTION_GRADING_POLL_MILLIS", Config.envName("attention.grading.pollMillis"));
    }

    @Test
    void describeNeverShowsThePassword() {
        Config c = from(Map.of(
                "attention.jdbcUrl",
                "jdbc:postgresql://db/a?user=u&password=secret",
                "attention.jdbcPassword",
                "secret2"));
        assertFalse(c.describe().contains("secret"));
    }

    @Test
    void readsTheUnknownDeploymentPolicy() {
        assertEquals(
                Config.UnknownDeploymentPolicy.REJECT,
                from(Map.of("attention.unknownDeployments", "reject")).unknownDeployments());
        assertEquals(
                Config.UnknownDeploymentPolicy.ACCEPT,
                from(Map.of("attention.unknownDeployments", "accept")).unknownDeployments());
    }
}
