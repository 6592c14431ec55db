package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
    @Test
    void aResponseServingNoPlatformAllowsOnlyItself() {
        assertEquals(SecurityHeaders.SELF_ONLY, SecurityHeaders.forOrigins(List.of()));
        assertTrue(SecurityHeaders.SELF_ONLY.endsWith("form-action 'self'; frame-ancestors 'self'"));
    }

    @Test
    void aResponseServingAPlatformNamesItsOriginsInBothDirectives() {
        String csp =
                SecurityHeaders.forOrigins(List.of("https://canvas.instructure.com", "https://school.instructure.com"));
        assertTrue(
                csp.contains("form-action 'self' https://canvas.instructure.com https://school.instructure.com;"), csp);
        assertTrue(
                csp.endsWith("frame-ancestors 'self' https://canvas.instructure.com https://school.instructure.com"),
                csp);
        assertFalse(csp.contains("unsafe-inline"));
    }
}
