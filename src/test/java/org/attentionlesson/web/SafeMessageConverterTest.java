package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The log converter every log line goes through: remote text can never start a line of its own. */
class SafeMessageConverterTest {
    @Test
    void escapesLineBreaksAndOtherControlCharacters() {
        assertEquals(
                "iss=https://x\\r\\n12:00 INFO forged\\u001b[2J\\u0085\\u2028 end",
                SafeMessageConverter.neutralise("iss=https://x\r\n12:00 INFO forged\u001b[2J\u0085\u2028 end"));
        assertEquals("tab\\there", SafeMessageConverter.neutralise("tab\there"));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String s = "Refused POST /lti/launch: ISSUER_MISMATCH (iss=https://é.example/中)";
        assertSame(s, SafeMessageConverter.neutralise(s));
        assertEquals("null", SafeMessageConverter.neutralise(null));
    }
}
