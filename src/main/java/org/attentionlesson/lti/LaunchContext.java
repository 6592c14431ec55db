package org.attentionlesson.lti;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a valid launch established, stored server-side; later requests reach it through the signed launch token.
 * Personal fields may all be null (privacy settings, anonymous launches).
 */
public record LaunchContext(
        String id,
        long registrationId,
        long deploymentRowId,
        MessageType messageType,
        String subject,
        String name,
        String givenName,
        String familyName,
        String email,
        List<String> roles,
        String contextId,
        String contextTitle,
        String contextLabel,
        String resourceLinkId,
        String resourceLinkTitle,
        String targetLinkUri,
        String locale,
        String documentTarget,
        String returnUrl,
        AgsEndpoint ags,
        String nrpsUrl,
        Map<String, String> custom,
        String deepLinkingSettingsJson,
        String platformJson,
        Instant createdAt) {

    /** The AGS endpoint claim ({@code ags:endpoint}); null fields when the platform sent none. */
    public record AgsEndpoint(String lineitems, String lineitem, List<String> scopes) {
        public boolean present() {
            return lineitems != null || lineitem != null;
        }
    }

    public boolean anonymous() {
        return subject == null;
    }

    public boolean isInstructor() {
        return LtiRoles.isInstructor(roles);
    }

    public boolean isAdministrator() {
        return LtiRoles.isAdministrator(roles);
    }

    /** The role as a person would name it. */
    public String roleLabel() {
        return isInstructor() ? "Instructor" : "Learner";
    }

    /** A display name from whatever the platform shared. */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        return joined.isEmpty() ? null : joined;
    }
}
