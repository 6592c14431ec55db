package org.attentionlesson.lti;

import org.attentionlesson.web.ToolException;

/**
 * Why a dynamic registration did not happen, with a stable code and a message for the admin who pasted the
 * registration URL. Always 4xx: the admin's input or the platform's answer was unusable, never our crash.
 */
public final class DynamicRegistrationException extends ToolException {
    private final Reason reason;

    public enum Reason {
        CONFIG_URL_MISSING(400, "The LMS did not send the openid_configuration parameter. Start the registration from your LMS's tool registration page."),
        CONFIG_URL_INVALID(400, "The openid_configuration address is not a usable URL."),
        CONFIG_URL_INSECURE(400, "The platform's configuration must be served over https."),
        CONFIG_UNREACHABLE(400, "We could not reach the platform's configuration address."),
        CONFIG_TIMEOUT(400, "The platform took too long to answer."),
        CONFIG_TOO_LARGE(400, "The platform's answer is larger than any configuration should be."),
        CONFIG_REFUSED(400, "The platform refused to give us its configuration."),
        CONFIG_MALFORMED(400, "The platform's configuration is not in the expected form."),
        ISSUER_MISMATCH(400, "The platform's issuer does not match the address of its configuration."),
        ENDPOINT_INSECURE(400, "One of the platform's endpoints is not an https address."),
        REGISTRATION_REJECTED(400, "The platform rejected our registration."),
        REGISTRATION_UNREACHABLE(400, "We could not reach the platform's registration endpoint."),
        REPLY_MALFORMED(400, "The platform's answer to our registration is not in the expected form."),
        ALREADY_REGISTERED(409, "This platform and client id are already registered with the tool.");

        final int status;
        final String summary;

        Reason(int status, String summary) {
            this.status = status;
            this.summary = summary;
        }

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
        super(reason.status, "DR_" + reason.name(), detail == null ? reason.summary : detail, cause);
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
