package org.attentionlesson.lti;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/** Small facts about the addresses a dynamic registration deals with (LTI Dynamic Registration 1.0 §3). */
final class RegistrationAddresses {
    private RegistrationAddresses() {}

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || h.startsWith("[")) {
            try {
                return InetAddress.getByName(h.replace("[", "").replace("]", ""))
                        .isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    static int effectivePort(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    static String withoutQuery(URI u) {
        if (u == null) {
            return null;
        }
        String s = u.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q); // a query may carry a token
    }
}
