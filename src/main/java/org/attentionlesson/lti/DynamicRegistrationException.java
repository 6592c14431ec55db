package org.attentionlesson.lti;

import org.attentionlesson.web.ToolException;

/**
 * Why a dynamic registration did not happen, with a stable code and a message for the admin who pasted the
 * registration URL. Always 4xx: the admin's input or the platform's answer was unusable, never our crash.
 */
public final class DynamicRegistrationException extends ToolException {
    private final Reason reason;

    public enum Reason {
        CONFIG_URL_MISSING(
                400,
                "The LMS did not send the openid_configuration parameter. Start the registration from your LMS's tool registration page."),
        CONFIG_URL_INVALID(400, "The openid_configuration address is not a usable URL."),
        CONFIG_URL_INSECURE(400, "The platform's configuration must be served over https."),
        /** Every way of not getting a configuration gives this one answer (the caller is anonymous). */
        CONFIG_UNREACHABLE(
                400,
                "We could not read a platform configuration at the address the LMS gave.",
                "The address must be reachable from the tool over https and answer with the platform's OpenID "
                        + "configuration (JSON). If the registration token may have expired, start the registration again "
                        + "from the LMS."),
        CONFIG_MALFORMED(400, "The platform's configuration is not in the expected form."),
        ISSUER_MISMATCH(400, "The platform's issuer does not match the address of its configuration."),
        ENDPOINT_INSECURE(400, "One of the platform's endpoints is not an https address."),
        /** Every way the registration endpoint did not take us gives this one answer; the reason is logged. */
        REGISTRATION_REJECTED(
                400,
                "The platform's registration endpoint did not accept the tool's registration.",
                "The LMS's own logs say why. Nothing was stored; start the registration again from the LMS."),
        REPLY_MALFORMED(400, "The platform's answer to our registration is not in the expected form."),
        ALREADY_REGISTERED(409, "This platform and client id are already registered with the tool."),
        RATE_LIMITED(
                429,
                "Too many registration attempts from your address.",
                "Wait a minute, then start the registration again from the LMS."),
        PENDING_LIMIT(
                503,
                "Too many registrations are waiting for approval.",
                "Ask the tool's administrator to approve or remove them in the admin console, then register again.");

        final int status;
        final String summary;
        final String detail;

        Reason(int status, String summary) {
            this(status, summary, null);
        }

        Reason(int status, String summary, String detail) {
            this.status = status;
            this.summary = summary;
            this.detail = detail;
        }

        /** @param detail for the admin; null: the reason's own fixed text */
        public DynamicRegistrationException exception(String detail) {
            return new DynamicRegistrationException(this, detail, null);
        }

        public DynamicRegistrationException exception(String detail, Throwable cause) {
            return new DynamicRegistrationException(this, detail, cause);
        }

        public String summary() {
            return summary;
        }
    }

    private DynamicRegistrationException(Reason reason, String detail, Throwable cause) {
        super(
                reason.status,
                "DR_" + reason.name(),
                detail != null ? detail : reason.detail != null ? reason.detail : reason.summary,
                cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The one-line summary of the reason; {@link #getMessage()} has the detail. */
    public String summary() {
        return reason.summary;
    }
}
