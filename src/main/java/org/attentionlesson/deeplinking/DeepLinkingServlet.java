package org.attentionlesson.deeplinking;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.access.Access;
import org.attentionlesson.grading.GradePolicy;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.lti.Deployment;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.MessageType;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.RandomTokens;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /deep-linking}: the instructor's content picker for an {@code LtiDeepLinkingRequest} launch (GET, with the
 * launch token as {@code lt}) and its answer (POST, the form with {@code lt} and {@code action=add|cancel}): an
 * auto-submitting form that posts the signed {@link DeepLinkingResponse} as {@code JWT} to the platform's
 * {@code deep_link_return_url}. Instructors only; the launch token doubles as CSRF protection.
 */
public final class DeepLinkingServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(DeepLinkingServlet.class);

    private final LaunchSession session;
    private final Templates templates;
    private final Registrations registrations;
    private final Activities activities;
    private final DeepLinkingResponse responses;
    private final String launchUrl;
    private final Clock clock;

    public DeepLinkingServlet(
            LaunchSession session,
            Templates templates,
            Registrations registrations,
            Activities activities,
            DeepLinkingResponse responses,
            String launchUrl,
            Clock clock) {
        this.session = session;
        this.templates = templates;
        this.registrations = registrations;
        this.activities = activities;
        this.responses = responses;
        this.launchUrl = launchUrl;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = deepLinkingLaunch(req);
        DeepLinkingSettings dl = DeepLinkingSettings.parse(launch.deepLinkingSettingsJson());
        if (!dl.acceptsResourceLinks()) {
            sendUnsupported(req, resp, launch, dl);
            return;
        }
        sendPicker(req, resp, launch, dl, 200, ActivitySettings.defaults(dl, offered(launch, dl)));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = deepLinkingLaunch(req);
        DeepLinkingSettings dl = DeepLinkingSettings.parse(launch.deepLinkingSettingsJson());
        Locale locale = Messages.parseLocale(launch.locale());
        Map<String, String> t = templates.messages().bundle(locale);
        String action = req.getParameter("action");
        if ("cancel".equals(action)) {
            // Deep Linking 2.0 §4.5: an empty content_items array tells the platform nothing was chosen.
            String jwt = responses.sign(addressing(launch, dl), List.of(), t.get("dl.msg.cancelled"));
            log.info("Deep linking launch {}: cancelled by the instructor", launch.id());
            sendReturn(resp, dl, jwt, locale, "dl.return.cancelled");
            return;
        }
        if (!"add".equals(action)) {
            throw ToolException.badRequest("DL_BAD_ACTION", "Choose \"Add to course\" or \"Cancel\".");
        }
        if (!dl.acceptsResourceLinks()) {
            throw ToolException.conflict(
                    "DL_TYPE_NOT_ACCEPTED",
                    "Your course does not accept this kind of activity "
                            + "here. Go back to your course and add it where external tool links are offered.");
        }
        ActivitySettings.Parsed parsed = ActivitySettings.parse(req::getParameter, offered(launch, dl));
        if (parsed.settings() == null) {
            sendPicker(req, resp, launch, dl, 400, parsed.form());
            return;
        }
        ActivitySettings s = parsed.settings();
        Activity activity = new Activity(
                RandomTokens.of(16),
                launch.registrationId(),
                launch.deploymentRowId(),
                launch.id(),
                s.title(),
                s.points(),
                s.policy(),
                s.attemptLimit(),
                s.presentation(),
                launch.subject(),
                clock.instant());
        activities.insert(activity);
        Map<String, Object> item =
                DeepLinkingResponse.resourceLink(activity, t.get("dl.item.text"), launchUrl, dl.acceptsLineItem());
        String jwt = responses.sign(
                addressing(launch, dl), List.of(item), t.get("dl.msg.added").replace("{0}", activity.title()));
        log.info(
                "Deep linking launch {}: activity {} added for registration {} ({} points, policy {}, attempts {}, {})",
                launch.id(),
                activity.id(),
                launch.registrationId(),
                DeepLinkingResponse.number(s.points()),
                s.policy(),
                s.attemptLimit() == null ? ActivitySettings.UNLIMITED : s.attemptLimit(),
                s.presentation() == null
                        ? "platform's presentation"
                        : s.presentation().wire());
        sendReturn(resp, dl, jwt, locale, "dl.return.added");
    }

    private LaunchContext deepLinkingLaunch(HttpServletRequest req) {
        LaunchContext launch =
                new Access(session).require(req, Access.Need.STAFF_OF_PLACE).launch();
        if (launch.messageType() != MessageType.DEEP_LINKING) {
            throw ToolException.badRequest(
                    "NOT_DEEP_LINKING",
                    "This page is for adding the activity to a course. Start from your course's \"add activity\" page.");
        }
        return launch;
    }

    /**
     * What of iframe and window the platform accepts, in the order the page offers them. None for Moodle: its
     * activity's own "Launch container" decides, and a document target in the response does not change it
     * (docs/lti.md §10).
     */
    private static Set<Presentation> offered(LaunchContext launch, DeepLinkingSettings dl) {
        return launchContainerDecides(launch) ? Set.of() : dl.acceptedPresentations();
    }

    /** The launch's {@code lti:tool_platform.product_family_code} (LTI 1.3 §5.4.1) names Moodle. */
    static boolean launchContainerDecides(LaunchContext launch) {
        return launch.platformJson() != null
                && "moodle"
                        .equalsIgnoreCase(Json.parse(launch.platformJson())
                                .path("product_family_code")
                                .asText(""));
    }

    private DeepLinkingResponse.Addressing addressing(LaunchContext launch, DeepLinkingSettings dl) {
        PlatformRegistration reg = registrations
                .find(launch.registrationId())
                .orElseThrow(() -> new ToolException(
                        409, "REGISTRATION_GONE", "This platform is no longer registered with the tool."));
        String deploymentId = registrations.deployments(launch.registrationId()).stream()
                .filter(d -> d.id() == launch.deploymentRowId())
                .map(Deployment::deploymentId)
                .findFirst()
                .orElseThrow(() -> new ToolException(
                        409,
                        "DEPLOYMENT_GONE",
                        "This installation of the tool is no longer known. Start again from your course."));
        return new DeepLinkingResponse.Addressing(reg.clientId(), reg.issuer(), deploymentId, dl.dataValue());
    }

    private void sendPicker(
            HttpServletRequest req,
            HttpServletResponse resp,
            LaunchContext launch,
            DeepLinkingSettings dl,
            int status,
            ActivitySettings.Form form)
            throws IOException {
        Map<String, Object> model = new LinkedHashMap<>(facts(launch));
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("values", form.values());
        model.put("errors", form.errors());
        List<String> presentations = new ArrayList<>();
        Set<Presentation> offered = offered(launch, dl);
        model.put("moodle", launchContainerDecides(launch));
        for (Presentation p : Presentation.values()) {
            if (offered.contains(p)) {
                presentations.add(p.wire());
            }
        }
        model.put("presentations", presentations);
        model.put(
                "policies",
                List.of(
                        GradePolicy.BEST.name(),
                        GradePolicy.LATEST.name(),
                        GradePolicy.FIRST.name(),
                        GradePolicy.AVERAGE.name()));
        model.put(
                "attemptChoices",
                java.util.stream.IntStream.rangeClosed(1, GradingSettings.MAX_ATTEMPT_LIMIT)
                        .mapToObj(String::valueOf)
                        .toList());
        model.put("autoCreate", dl.autoCreate());
        model.put("acceptsLineItem", dl.acceptsLineItem());
        model.put("maxTitle", ActivitySettings.MAX_TITLE);
        templates.send(resp, status, "deeplinking/picker.ftlh", model, Messages.parseLocale(launch.locale()));
    }

    private void sendUnsupported(
            HttpServletRequest req, HttpServletResponse resp, LaunchContext launch, DeepLinkingSettings dl)
            throws IOException {
        Map<String, Object> model = new LinkedHashMap<>(facts(launch));
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("acceptTypes", dl.acceptTypes());
        templates.send(resp, 200, "deeplinking/unsupported.ftlh", model, Messages.parseLocale(launch.locale()));
    }

    private void sendReturn(
            HttpServletResponse resp, DeepLinkingSettings dl, String jwt, Locale locale, String headingKey)
            throws IOException {
        URI url = dl.returnUrl();
        // The shared policy lets forms post to registered platform origins; Canvas's return URL is on the
        // institution's own host, which no registration names, so allow exactly this one origin here.
        String csp = resp.getHeader("Content-Security-Policy");
        if (csp != null) {
            resp.setHeader("Content-Security-Policy", csp.replace("form-action ", "form-action " + origin(url) + " "));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("returnUrl", url.toString());
        model.put("jwt", jwt);
        model.put("headingKey", headingKey);
        templates.send(resp, 200, "deeplinking/return.ftlh", model, locale);
    }

    private static Map<String, Object> facts(LaunchContext launch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userName", launch.displayName() == null ? "" : launch.displayName());
        m.put("courseTitle", launch.contextTitle() == null ? "" : launch.contextTitle());
        m.put("role", launch.roleLabel());
        return m;
    }

    static String origin(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
                + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }
}
