package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformOriginsTest {
    @Test
    void anOriginIsSchemeHostAndPortInLowerCaseWithoutTheDefaultPort() {
        assertEquals(
                "https://school.instructure.com",
                PlatformOrigins.origin("https://School.Instructure.com:443/courses/1?x=1"));
        assertEquals("http://127.0.0.2:8081", PlatformOrigins.origin("http://127.0.0.2:8081/courses/1"));
        assertEquals("http://localhost", PlatformOrigins.origin("http://localhost:80/"));
    }

    @Test
    void anythingButAnAbsoluteHttpAddressHasNoOrigin() {
        for (String bad : new String[] {
            null,
            "",
            "javascript:alert(1)",
            "/relative",
            "https://user:pw@lms.example/",
            "data:text/html,x",
            "https://lms.example;script-src *",
            "ftp://lms.example",
            "https://" + "a".repeat(300)
        }) {
            assertNull(PlatformOrigins.origin(bad), bad);
        }
    }

    @Test
    void whatAnAdminTypesBecomesDistinctOriginsOrAPlainRefusal() {
        assertEquals(
                List.of("https://school.instructure.com", "https://canvas.school.edu"),
                PlatformOrigins.parseList(
                        " https://school.instructure.com/ , https://canvas.school.edu\nhttps://school.instructure.com"));
        assertEquals(List.of(), PlatformOrigins.parseList("  "));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PlatformOrigins.parseList("https://ok.example 'unsafe-inline'"));
        assertTrue(e.getMessage().contains("'unsafe-inline'"), e.getMessage());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= PlatformOrigins.MAX_CONFIGURED; i++) {
            many.append("https://lms").append(i).append(".example ");
        }
        assertThrows(IllegalArgumentException.class, () -> PlatformOrigins.parseList(many.toString()));
    }

    @Test
    void oneRegistrationsOriginsStayWithinTheBudgetHoweverLongTheirHosts() {
        List<String> longest = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            longest.add("https://lms-" + i + "-" + "x".repeat(230) + ".example.org");
        }
        List<String> kept = PlatformOrigins.bounded(longest);
        assertEquals(longest.subList(0, kept.size()), kept, "the first ones (issuer, authorization, admin's) are kept");
        assertTrue(String.join(" ", kept).length() <= PlatformOrigins.BUDGET_CHARS);
        String csp = org.attentionlesson.web.SecurityHeaders.forOrigins(kept);
        assertTrue(csp.length() < 3_500, csp.length() + " characters");
    }
}
