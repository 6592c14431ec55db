package org.attentionlesson.devplatform;

import java.net.URI;

/**
 * Every URL the dev LMS and the tool use in the LTI exchange, built from the tool's public base URL. The dev LMS
 * lives under {@code <baseUrl>/dev}, which is also its issuer.
 */
public record DevEndpoints(String baseUrl) {
    public static final String CLIENT_ID = "dev-tool";
    public static final String DEPLOYMENT_ID = "dev-deployment";

    public static DevEndpoints of(URI baseUrl) {
        String s = baseUrl.toString();
        return new DevEndpoints(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public String issuer() {
        return baseUrl + "/dev";
    }

    public URI authUrl() {
        return URI.create(baseUrl + "/dev/auth");
    }

    public URI jwksUrl() {
        return URI.create(baseUrl + "/dev/jwks");
    }

    public URI tokenUrl() {
        return URI.create(baseUrl + "/dev/token");
    }

    /** Where a launched activity sends people back to. */
    public String returnUrl() {
        return baseUrl + "/dev";
    }

    // ---- the tool's side, as registered ----

    public String toolLoginUrl() {
        return baseUrl + "/lti/login";
    }

    /** The tool's registered redirect URI and its target link URI. */
    public String toolLaunchUrl() {
        return baseUrl + "/lti/launch";
    }

    // ---- LTI Advantage services (served by later issues) ----

    public String lineItemsUrl(String courseId) {
        return baseUrl + "/dev/courses/" + courseId + "/lineitems";
    }

    /** A line item URL in Moodle's shape: the query is kept when {@code /scores} is added to the path. */
    public String lineItemUrl(String courseId, int lineItemId) {
        return lineItemsUrl(courseId) + "/" + lineItemId + "/lineitem?type_id=" + lineItemId;
    }

    public String membershipsUrl(String courseId) {
        return baseUrl + "/dev/courses/" + courseId + "/memberships";
    }

    /** scheme://host[:port] of the tool and the dev LMS (they share it). */
    public String origin() {
        URI u = URI.create(baseUrl);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }
}
