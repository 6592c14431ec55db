package org.attentionlesson.devplatform;

import java.util.List;
import org.attentionlesson.App;
import org.attentionlesson.devplatform.deeplinking.DevDeepLinking;
import org.attentionlesson.lti.PlatformRegistration;
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
 * membership URLs named in launches ({@link DevEndpoints}) are served by later additions.
 */
public final class DevPlatform {
    private static final Logger log = LoggerFactory.getLogger(DevPlatform.class);

    private DevPlatform() {
    }

    public static void install(App app) {
        DevEndpoints endpoints = DevEndpoints.of(app.config().baseUrl());
        DevCourse course = DevCourse.sample(Integer.parseInt(app.param("attention.dev.courseSize", "30")));
        DevSigningKey key = DevSigningKey.generate(app.clock().instant());
        MessageHints hints = new MessageHints(app.clock());
        IdTokenFactory idTokens = new IdTokenFactory(endpoints, key, app.clock());
        DevPages pages = new DevPages(app.templates(), course);

        PlatformRegistration registration = app.registrations().upsert(endpoints.issuer(), DevEndpoints.CLIENT_ID,
                IdTokenFactory.PLATFORM_NAME, endpoints.authUrl(), endpoints.jwksUrl(), endpoints.tokenUrl(), null,
                IdTokenFactory.PRODUCT_FAMILY, PlatformRegistration.Status.ACTIVE);
        app.registrations().ensureDeployment(registration.id(), DevEndpoints.DEPLOYMENT_ID, course.title());
        // The dev LMS's course page may be opened under another loopback name of this machine than the base URL's
        // (127.0.0.1 for localhost): those origins may frame the tool for this registration (SecurityHeaders).
        app.platformOrigins().setConfigured(registration.id(), loopbackAliases(app.config().baseUrl().toString()));
        // The key is new on every start; forget any JWKS the tool cached for an earlier run of this issuer.
        app.platformKeys().forget(endpoints.jwksUrl());

        org.attentionlesson.devplatform.gradebook.DevGradebook gradebook =
                org.attentionlesson.devplatform.gradebook.DevGradebook.install(app, endpoints, course);
        DevDeepLinking deepLinking = DevDeepLinking.install(app, endpoints, course, key, hints, idTokens, gradebook);

        app.addServlet("devCoursePage", new CoursePageServlet(pages, deepLinking::links), "/dev");
        app.addServlet("devCourseFrame", new CourseFrameServlet(pages, endpoints), "/dev/course");
        app.addServlet("devLoginInitiation", new LoginInitiationServlet(pages, new LoginInitiation(endpoints, hints)),
                "/dev/start");
        app.addServlet("devAuthorization", new AuthorizationServlet(pages,
                new AuthorizationEndpoint(endpoints, course, hints, idTokens, List.of(deepLinking))), "/dev/auth");
        app.addServlet("devJwks", new DevJwksServlet(key), "/dev/jwks");
        log.info("Dev LMS at {} (registration {}, key {})", endpoints.returnUrl(), registration.id(), key.kid());
    }

    /** The base URL's origin under the other loopback names (localhost, 127.0.0.1, [::1]); none for other hosts. */
    static List<String> loopbackAliases(String baseUrl) {
        java.net.URI u = java.net.URI.create(baseUrl);
        String host = u.getHost() == null ? "" : u.getHost();
        if (!List.of("localhost", "127.0.0.1", "[::1]").contains(host)) {
            return List.of();
        }
        String port = u.getPort() == -1 ? "" : ":" + u.getPort();
        return List.of("localhost", "127.0.0.1", "[::1]").stream().filter(h -> !h.equals(host))
                .map(h -> u.getScheme() + "://" + h + port).toList();
    }
}
