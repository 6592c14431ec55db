package org.attentionlesson.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void remoteTextCannotStartANewLogLine() {
        String forged = "bad scope\r\n2026-01-01 INFO Grade row 1 delivered\u001b[31m\u2028";
        String out = LogText.neutral(forged, 500);
        assertFalse(out.contains("\n") || out.contains("\r") || out.contains("\u001b") || out.contains("\u2028"), out);
        assertTrue(out.startsWith("bad scope\\u000d\\u000a2026-01-01 INFO"), out);
    }

    @Test
    void longTextIsClipped() {
        assertEquals("abc…", LogText.neutral("abcdef", 3));
        assertEquals("", LogText.neutral(null, 3));
    }
}
