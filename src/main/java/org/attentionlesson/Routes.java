package org.attentionlesson;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.attentionlesson.admin.AdminModule;
import org.attentionlesson.deeplinking.DeepLinkingModule;
import org.attentionlesson.devplatform.DevPlatform;
import org.attentionlesson.devplatform.registration.DevRegistration;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.instructor.InstructorModule;
import org.attentionlesson.lesson.LessonModule;

/**
 * Every URL of the tool, in one place. web.xml adds only the container's part: {@code /admin/*} needs the role
 * {@code lti-admin}, and errors render at {@code /error}.
 */
final class Routes {
    /** The servlets of the LTI core (docs/lti.md): login, launch, the tool's keys, health and the error page. */
    record Core(
            Filter errorBoundary,
            Servlet error,
            Servlet login,
            Servlet launch,
            Servlet jwks,
            Servlet health,
            Servlet favicon) {}

    private final ServletContext ctx;

    Routes(ServletContext ctx) {
        this.ctx = ctx;
    }

    void map(
            Core core,
            LessonModule lesson,
            GradingModule grading,
            InstructorModule instructor,
            DeepLinkingModule deepLinking,
            AdminModule admin,
            DevPlatform dev) {
        filter("errorBoundary", core.errorBoundary(), DispatcherType.REQUEST, false, "/*");
        servlet("error", core.error(), "/error");
        // LTI Core 1.3: OIDC third-party login, the launch (and its confirm step), the tool's public keys.
        servlet("login", core.login(), "/lti/login");
        servlet("launch", core.launch(), "/lti/launch", "/lti/launch/confirm");
        servlet("jwks", core.jwks(), "/.well-known/jwks.json");
        servlet("health", core.health(), "/health");
        servlet("favicon", core.favicon(), "/favicon.ico");

        // The learner: the lesson, its exercise and flashcard APIs, and where the score is.
        servlet("lesson", lesson.page(), "/lesson");
        servlet("exerciseApi", lesson.exerciseApi(), "/api/exercise/*");
        servlet("flashcardApi", lesson.flashcardApi(), "/api/flashcards", "/api/flashcards/*");
        servlet("gradeStatus", grading.statusServlet(), "/api/grade-status");

        // The instructor, from a launch: class results, grade deliveries, deep linking, submission review.
        servlet("instructorClass", instructor.classResults(), "/instructor/class", "/instructor/class/*");
        servlet("instructorGrades", instructor.gradeDeliveries(), "/instructor/grades");
        servlet("deepLinking", deepLinking.picker(), "/deep-linking");
        servlet("submissionReview", instructor.submissionReview(), "/review");

        // The LMS admin: dynamic registration, configuration files, the console (web.xml: role lti-admin).
        servlet("dynamicRegistration", admin.dynamicRegistration(), "/lti/register");
        servlet("toolConfiguration", admin.toolConfiguration(), "/lti-config/*");
        servlet("adminConsole", admin.console(), "/admin/*");
        servlet("adminApi", admin.api(), "/admin/api/*");
        // Every institution's deliveries: the admin console only, never a launch.
        servlet("adminDeliveries", admin.deliveries(), "/admin/deliveries", "/admin/deliveries/*");
        filter("authChallenge", admin.authChallenge(), DispatcherType.ERROR, true, "/error");

        if (dev != null) {
            // The built-in LMS (dev mode only): course pages, OIDC, keys, AGS, NRPS, deep linking, registration.
            servlet("devCoursePage", dev.coursePage(), "/dev");
            servlet("devCourseFrame", dev.courseFrame(), "/dev/course");
            servlet("devLoginInitiation", dev.loginInitiation(), "/dev/start");
            servlet("devAuthorization", dev.authorization(), "/dev/auth");
            servlet("devJwks", dev.jwks(), "/dev/jwks");
            String course = "/dev/courses/" + dev.courseId();
            servlet("devToken", dev.token(), "/dev/token");
            servlet("devLineItems", dev.lineItems(), course + "/lineitems", course + "/lineitems/*");
            servlet("devMemberships", dev.memberships(), course + "/memberships");
            servlet("devGradebook", dev.gradebookPage(), "/dev/gradebook");
            servlet("devDeepLinkingStart", dev.deepLinkingStart(), "/dev/deep-linking/start");
            servlet("devDeepLinkingReturn", dev.deepLinkingReturn(), "/dev/deep-linking/return");
            servlet(
                    "devDeepLinkedLaunch",
                    dev.deepLinkingLaunch(),
                    "/dev/deep-linking/open",
                    "/dev/deep-linking/launch");
            servlet("devRegistration", dev.registration(), DevRegistration.PREFIX, DevRegistration.PREFIX + "/*");
        }
    }

    private void servlet(String name, Servlet servlet, String... patterns) {
        ctx.addServlet(name, servlet).addMapping(patterns);
    }

    /** {@code afterWebXml}: whether the filter runs after those web.xml declares (none today). */
    private void filter(String name, Filter filter, DispatcherType dispatch, boolean afterWebXml, String pattern) {
        ctx.addFilter(name, filter).addMappingForUrlPatterns(EnumSet.of(dispatch), afterWebXml, pattern);
    }
}
