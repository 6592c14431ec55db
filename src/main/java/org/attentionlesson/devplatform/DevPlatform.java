package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.attentionlesson.devplatform.deeplinking.DevDeepLinking;
import org.attentionlesson.devplatform.gradebook.DevGradebook;
import org.attentionlesson.devplatform.registration.DevRegistration;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in LMS emulator at {@code /dev}; installed only in dev mode. It talks to the tool over HTTP only,
 * like a real platform: it registers itself as one (issuer {@code <baseUrl>/dev}, client {@code dev-tool},
 * deployment {@code dev-deployment}), starts logins at {@code /lti/login} and posts signed launches to
 * {@code /lti/launch}. With dev mode off none of its URLs exist.
 *
 * <p>Endpoints: {@code /dev} course page, {@code /dev/course} the activity in a frame, {@code /dev/start} login
 * initiation, {@code /dev/auth} OIDC authorization, {@code /dev/jwks} public keys. The token, line item, score and
 * membership URLs named in launches ({@link DevEndpoints}) are served by the gradebook side. The root maps every URL.
 */
public final class DevPlatform {
    private static final Logger log = LoggerFactory.getLogger(DevPlatform.class);

    private final DevCourse course;
    private final DevGradebook gradebook;
    private final DevDeepLinking deepLinking;
    private final DevRegistration registrationSide;
    private final HttpServlet coursePage;
    private final HttpServlet courseFrame;
    private final HttpServlet loginInitiation;
    private final HttpServlet authorization;
    private final HttpServlet jwks;
    private final HttpServlet token;
    private final HttpServlet gradebookPage;
    private final HttpServlet deepLinkingStart;
    private final HttpServlet deepLinkingLaunch;

    /**
     * Registers the dev LMS with the tool (issuer {@code <baseUrl>/dev}) and builds its pages. {@code toolJwksUrl} is
     * where it reads the tool's public keys, as a real platform would.
     */
    public DevPlatform(
            URI baseUrl,
            String toolJwksUrl,
            int courseSize,
            Clock clock,
            Templates templates,
            Registrations registrations,
            PlatformOrigins origins,
            PlatformKeys platformKeys) {
        DevEndpoints endpoints = DevEndpoints.of(baseUrl);
        this.course = DevCourse.sample(courseSize);
        DevSigningKey key = DevSigningKey.generate(clock.instant());
        MessageHints hints = new MessageHints(clock);
        IdTokenFactory idTokens = new IdTokenFactory(endpoints, key, clock);
        DevPages pages = new DevPages(templates, course);

        PlatformRegistration registration = registrations.upsert(
                endpoints.issuer(),
                DevEndpoints.CLIENT_ID,
                IdTokenFactory.PLATFORM_NAME,
                endpoints.authUrl(),
                endpoints.jwksUrl(),
                endpoints.tokenUrl(),
                null,
                IdTokenFactory.PRODUCT_FAMILY,
                PlatformRegistration.Status.ACTIVE);
        registrations.ensureDeployment(registration.id(), DevEndpoints.DEPLOYMENT_ID, course.title());
        // The dev LMS's course page may be opened under another loopback name of this machine than the base URL's
        // (127.0.0.1 for localhost): those origins may frame the tool for this registration (SecurityHeaders).
        origins.setConfigured(registration.id(), loopbackAliases(baseUrl.toString()));
        // The key is new on every start; forget any JWKS the tool cached for an earlier run of this issuer.
        platformKeys.forget(endpoints.jwksUrl());

        this.gradebook = DevGradebook.create(endpoints, course, clock);
        this.deepLinking =
                DevDeepLinking.create(endpoints, course, key, hints, idTokens, gradebook, toolJwksUrl, clock);
        this.registrationSide = DevRegistration.create(baseUrl, templates, clock);
        this.coursePage = new CoursePageServlet(pages, deepLinking::links);
        this.courseFrame = new CourseFrameServlet(pages, endpoints);
        this.loginInitiation = new LoginInitiationServlet(pages, new LoginInitiation(endpoints, hints));
        this.authorization = new AuthorizationServlet(
                pages, new AuthorizationEndpoint(endpoints, course, hints, idTokens, List.of(deepLinking)));
        this.jwks = new DevJwksServlet(key);
        this.token = gradebook.tokenServlet(toolJwksUrl);
        this.gradebookPage = gradebook.gradebookServlet(templates);
        this.deepLinkingStart = deepLinking.startServlet(templates);
        this.deepLinkingLaunch = deepLinking.launchServlet(templates);
        log.info("Dev LMS at {} (registration {}, key {})", endpoints.returnUrl(), registration.id(), key.kid());
    }

    /** The sample course's id: its AGS and NRPS URLs are {@code /dev/courses/<id>/...}. */
    public String courseId() {
        return course.id();
    }

    /** {@code /dev}: the course page. */
    public HttpServlet coursePage() {
        return coursePage;
    }

    /** {@code /dev/course}: the activity in a frame. */
    public HttpServlet courseFrame() {
        return courseFrame;
    }

    /** {@code /dev/start}: login initiation (OIDC third-party initiated login). */
    public HttpServlet loginInitiation() {
        return loginInitiation;
    }

    /** {@code /dev/auth}: the OIDC authorization endpoint that posts the signed launch. */
    public HttpServlet authorization() {
        return authorization;
    }

    /** {@code /dev/jwks}: the dev LMS's public keys. */
    public HttpServlet jwks() {
        return jwks;
    }

    /** {@code /dev/token}: the dev LMS's token endpoint. */
    public HttpServlet token() {
        return token;
    }

    /** {@code /dev/courses/<id>/lineitems[/*]}: AGS line items and scores. */
    public HttpServlet lineItems() {
        return gradebook.lineItemsServlet();
    }

    /** {@code /dev/courses/<id>/memberships}: NRPS. */
    public HttpServlet memberships() {
        return gradebook.membershipsServlet();
    }

    /** {@code /dev/gradebook}: the gradebook page. */
    public HttpServlet gradebookPage() {
        return gradebookPage;
    }

    /** {@code /dev/deep-linking/start}. */
    public HttpServlet deepLinkingStart() {
        return deepLinkingStart;
    }

    /** {@code /dev/deep-linking/return}. */
    public HttpServlet deepLinkingReturn() {
        return deepLinking.returnServlet();
    }

    /** {@code /dev/deep-linking/open} and {@code /dev/deep-linking/launch}. */
    public HttpServlet deepLinkingLaunch() {
        return deepLinkingLaunch;
    }

    /** {@link DevRegistration#PREFIX} and below: the dev LMS's dynamic registration side. */
    public HttpServlet registration() {
        return registrationSide;
    }

    /** The base URL's origin under the other loopback names (localhost, 127.0.0.1, [::1]); none for other hosts. */
    static List<String> loopbackAliases(String baseUrl) {
        java.net.URI u = java.net.URI.create(baseUrl);
        String host = u.getHost() == null ? "" : u.getHost();
        if (!List.of("localhost", "127.0.0.1", "[::1]").contains(host)) {
            return List.of();
        }
        String port = u.getPort() == -1 ? "" : ":" + u.getPort();
        return List.of("localhost", "127.0.0.1", "[::1]").stream()
                .filter(h -> !h.equals(host))
                .map(h -> u.getScheme() + "://" + h + port)
                .toList();
    }
}
