package org.attentionlesson.devplatform;

import org.attentionlesson.App;

/** The built-in LMS emulator at {@code /dev}; installed only in dev mode. */
public final class DevPlatform {
    private DevPlatform() {
    }

    public static void install(App app) {
    }
}
