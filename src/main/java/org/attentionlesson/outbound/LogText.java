package org.attentionlesson.outbound;

/** Remote text made safe for one log line: control characters (CR, LF, ESC…) replaced, length bounded. */
public final class LogText {
    private LogText() {}

    public static String neutral(String s, int max) {
        if (s == null) {
            return "";
        }
        String clipped = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder b = new StringBuilder(clipped.length());
        clipped.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                b.append('\\').append('u').append(String.format("%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
