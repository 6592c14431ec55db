package org.attentionlesson.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The run command's start-up banner names the configured public address, not localhost. */
class DevServerTest {
    @Test
    void bannerPrintsTheConfiguredBaseUrlNotLocalhost() {
        String before = System.getProperty("attention.baseUrl");
        try {
            System.setProperty("attention.baseUrl", "https://lti.example.edu/");
            String base = DevServer.baseUrl(8080);
            assertEquals("https://lti.example.edu", base);
            String banner = DevServer.banner(base, 8080);
            assertTrue(banner.contains("https://lti.example.edu/dev\n"), banner);
            assertTrue(banner.contains("https://lti.example.edu/admin/\n"), banner);
            assertFalse(banner.contains("localhost"), banner);
        } finally {
            if (before == null) {
                System.clearProperty("attention.baseUrl");
            } else {
                System.setProperty("attention.baseUrl", before);
            }
        }
    }

    @Test
    void withoutASettingTheBannerNamesTheLocalPort() {
        String before = System.getProperty("attention.baseUrl");
        System.clearProperty("attention.baseUrl");
        try {
            if (System.getenv("ATTENTION_BASE_URL") == null) {
                assertEquals("http://localhost:8081", DevServer.baseUrl(8081));
            }
        } finally {
            if (before != null) {
                System.setProperty("attention.baseUrl", before);
            }
        }
    }
}
