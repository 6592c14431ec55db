package org.attentionlesson.lti;

import org.attentionlesson.web.ToolException;

/**
 * Every reason a login or launch is refused, with a stable code (the enum name) for logs and admins and a
 * message in plain words for the person in front of the page. Numbers refer to the checklist in
 * {@code docs/lti.md} §3 and to LTI Core 1.3 §5.1.3 / Security Framework 1.0 §5.1.3.
 */
public enum LaunchError {
    // Login initiation (OIDC third-party initiated login, Security Framework §5.1.1).
    LOGIN_PARAM_MISSING(
            400,
            "The course system did not send everything needed to start this activity. Open it again from your course; if it keeps failing, ask your LMS administrator to check the tool's set-up."),
    REGISTRATION_UNKNOWN(
            400, "This tool is not registered for your course system. Ask your LMS administrator to register it."),
    REGISTRATION_AMBIGUOUS(
            400,
            "Your course system did not say which registration of this tool to use (no client_id). Ask your LMS administrator to check the tool's set-up."),
    REGISTRATION_PENDING(
            403,
            "This tool's registration is waiting for an administrator's approval. Ask your LMS administrator to approve it in the tool's admin console."),
    REGISTRATION_DISABLED(403, "This tool has been turned off for your course system. Ask your LMS administrator."),
    TARGET_LINK_FOREIGN(
            400,
            "The activity link points somewhere this tool does not serve. Ask your instructor to add the activity again."),

    // 1. state, bound to this browser.
    STATE_MISSING(400, "This launch is missing its sign-in state. Open the activity again from your course."),
    STATE_UNKNOWN(400, "This launch link has expired or was already used. Open the activity again from your course."),
    STATE_NOT_BOUND(
            400,
            "Your browser did not keep the sign-in cookie for this activity, which happens when a browser blocks cookies inside course pages. Open the activity in a new window from your course."),
    ID_TOKEN_MISSING(400, "The course system did not send a launch token. Open the activity again from your course."),
    LAUNCH_ERROR_FROM_PLATFORM(
            400,
            "Your course system could not sign you in to this activity. Open it again from your course; if it keeps failing, tell your LMS administrator."),

    // 2-3. Compact JWS, RS256, kid, signature.
    TOKEN_MALFORMED(400, "The launch token is not a valid signed token. Open the activity again from your course."),
    ALG_NOT_ALLOWED(401, "The launch token is signed with a method this tool does not accept (only RS256 is allowed)."),
    KID_MISSING(401, "The launch token does not say which key signed it."),
    KID_UNKNOWN(401, "The launch token was signed with a key your course system does not publish."),
    PLATFORM_KEYS_UNAVAILABLE(
            400,
            "We could not fetch your course system's signing keys to check this launch. Try again in a minute; if it keeps failing, tell your LMS administrator."),
    SIGNATURE_INVALID(401, "The launch token's signature is not valid."),
    CLAIMS_MALFORMED(400, "The launch token's contents are not in the expected form."),

    // 4-6. iss, aud, azp, exp, iat.
    ISSUER_MISMATCH(
            401, "The launch token comes from a different course system than the one that started the sign-in."),
    AUDIENCE_MISMATCH(401, "The launch token was issued for a different tool."),
    AZP_MISSING(401, "The launch token names several audiences but not which one it is for (azp)."),
    AZP_MISMATCH(401, "The launch token was issued to a different tool (azp)."),
    EXP_MISSING(401, "The launch token has no expiry time."),
    TOKEN_EXPIRED(401, "This launch has expired. Open the activity again from your course."),
    IAT_MISSING(401, "The launch token has no issue time."),
    IAT_IN_FUTURE(401, "The launch token is dated in the future; the course system's clock or ours is wrong."),
    TOKEN_TOO_OLD(401, "This launch is too old. Open the activity again from your course."),

    // 7. nonce.
    NONCE_MISSING(401, "The launch token has no nonce."),
    NONCE_MISMATCH(401, "The launch token does not belong to this sign-in."),
    NONCE_REUSED(401, "This launch was already used. Open the activity again from your course."),

    // 8-13. LTI claims.
    VERSION_INVALID(400, "The launch does not say it is LTI 1.3.0."),
    MESSAGE_TYPE_MISSING(400, "The launch does not say what kind of launch it is."),
    MESSAGE_TYPE_UNKNOWN(400, "This tool does not handle that kind of launch."),
    DEPLOYMENT_MISSING(400, "The launch does not name the tool's deployment."),
    DEPLOYMENT_INVALID(400, "The launch's deployment id is not valid."),
    DEPLOYMENT_MISMATCH(400, "The launch names a different deployment than the sign-in did."),
    DEPLOYMENT_UNKNOWN(
            403,
            "This installation of the tool in your LMS is new and not approved yet. An administrator of the tool must approve the deployment in the tool's admin console, where it is listed as seen and refused; then open the activity again."),
    DEPLOYMENT_DISABLED(403, "This installation of the tool has been turned off. Ask your LMS administrator."),
    ROLES_MISSING(400, "The launch does not include your role in the course."),
    RESOURCE_LINK_MISSING(400, "The launch does not say which activity was opened."),
    TARGET_LINK_MISSING(400, "The launch does not say which page of the tool to open."),
    TARGET_LINK_MISMATCH(400, "The launch asks for a different page than the sign-in did."),
    SUB_EMPTY(400, "The launch has an empty user id."),
    DEEP_LINKING_SETTINGS_MISSING(400, "The content-selection launch is missing its settings."),
    FOR_USER_MISSING(400, "The submission review launch does not say whose submission to show."),
    CLAIM_INVALID(400, "A value in the launch is not in the expected form.");

    private final int status;
    private final String message;

    LaunchError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    public LaunchException exception() {
        return new LaunchException(this, null);
    }

    public LaunchException exception(String detail) {
        return new LaunchException(this, detail);
    }

    /** A refused login or launch. {@link #detail()} is for the log only (never includes the token). */
    public static final class LaunchException extends ToolException {
        private final LaunchError error;
        private final String detail;

        LaunchException(LaunchError error, String detail) {
            super(error.status, error.name(), error.message);
            this.error = error;
            this.detail = logSafe(detail);
        }

        /** Details may quote what a caller sent: one line, no control characters, bounded, for the log. */
        static String logSafe(String detail) {
            if (detail == null) {
                return null;
            }
            String oneLine = detail.replaceAll("[\\p{Cntrl}]", "?");
            return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
        }

        public LaunchError error() {
            return error;
        }

        public String detail() {
            return detail;
        }
    }
}
