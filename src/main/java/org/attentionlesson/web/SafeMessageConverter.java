package org.attentionlesson.web;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMsg} in {@code logback.xml}: the formatted message with every control character shown as an escape
 * ({@code \r}, {@code \n}, {@code \t}, {@code \u001b}), so remote text a log line carries (an issuer, a login hint,
 * a platform's reply) can never start a forged line or drive a terminal. One place, for every logger.
 */
public final class SafeMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return neutralise(event.getFormattedMessage());
    }

    /** {@code s} with C0/C1 controls, DEL and the Unicode line and paragraph separators escaped. */
    public static String neutralise(String s) {
        if (s == null) {
            return "null";
        }
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!control(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean control(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
