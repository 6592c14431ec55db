package org.attentionlesson.admin;

import java.util.List;
import org.attentionlesson.lti.ToolConfiguration;

/** What an LMS admin pastes into the platform to register the tool by hand (docs/lti.md §1), for the console. */
public record PasteView(
        String registrationUrl,
        String loginUrl,
        String launchUrl,
        String jwksUrl,
        String domain,
        String logoUrl,
        List<String> scopes,
        String canvasKey,
        String generic,
        String moodle) {

    static PasteView of(ToolConfiguration tool) {
        return new PasteView(
                str(tool.registrationUrl()),
                str(tool.loginUrl()),
                str(tool.launchUrl()),
                str(tool.jwksUrl()),
                str(tool.domain()),
                str(tool.logoUrl()),
                List.copyOf(ToolConfiguration.SCOPES),
                str(tool.configFileUrl("canvas-developer-key.json")),
                str(tool.configFileUrl("tool-configuration.json")),
                str(tool.configFileUrl("moodle.md")));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
