package org.attentionlesson.grading;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.access.Access;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.ReadableTime;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code /instructor/grades?lt=…}: how this activity's scores are getting to the gradebook, for staff of the launch's
 * place only ({@link Access.Need#STAFF_OF_PLACE}: the resource link, or for a deep-linking launch its course; never
 * another deployment's or platform's, whatever the role). Lists failed and delayed deliveries with the platform's
 * reason and a "retry now" button, and the activity's settings: the grade policy and the attempts allowed. Forms
 * post back with the launch token, which doubles as CSRF protection. Every institution's deliveries are in the
 * admin console ({@code /admin/deliveries}).
 */
public final class GradeDeliveryServlet extends HttpServlet {
    private static final String UNLIMITED = "unlimited";
    private final Access access;
    private final Templates templates;
    private final GradeOutbox outbox;
    private final GradingSettings settings;
    private final GradeWorker worker;
    private final ContextLearners names;
    /** Re-posts grades after a policy change and on "resend grades"; null: neither is offered. */
    private volatile GradeReposts reposts;

    public GradeDeliveryServlet(
            LaunchSession session,
            Templates templates,
            GradeOutbox outbox,
            GradingSettings settings,
            GradeWorker worker,
            ContextLearners names) {
        this.access = new Access(session);
        this.names = names;
        this.templates = templates;
        this.outbox = outbox;
        this.settings = settings;
        this.worker = worker;
    }

    public GradeDeliveryServlet withReposts(GradeReposts reposts) {
        this.reposts = reposts;
        return this;
    }

    /** A problem row as the page shows it. */
    /** A problem row as the page shows it; {@code name} is empty when no launch named the student. */
    public record Problem(
            long id,
            String subject,
            String name,
            String activity,
            int attempt,
            String score,
            String status,
            String reason,
            Integer httpStatus,
            int tries,
            Map<String, String> createdAt,
            Map<String, String> nextTry) {}

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Access.Grant grant = access.require(req, Access.Need.STAFF_OF_PLACE);
        LaunchContext launch = grant.launch();
        java.util.Locale locale = Messages.parseLocale(launch.locale());
        List<OutboxRow> rows = outbox.problems(grant.scope(), 200);
        Map<ContextLearners.Who, String> named = names.names(rows.stream()
                .map(r -> new ContextLearners.Who(r.registrationId(), r.subject()))
                .toList());
        List<Problem> problems = rows.stream()
                .map(r -> problem(
                        r, named.getOrDefault(new ContextLearners.Who(r.registrationId(), r.subject()), ""), locale))
                .toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("wholeCourse", grant.scope().wholeContext());
        model.put(
                "activity",
                launch.resourceLinkTitle() != null
                        ? launch.resourceLinkTitle()
                        : launch.contextTitle() != null ? launch.contextTitle() : "");
        model.put(
                "counts",
                outbox.counts(grant.scope()).entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                e -> e.getKey().name(), Map.Entry::getValue)));
        model.put("problems", problems);
        GradingSettings.Rules rules = launch.resourceLinkId() == null
                ? GradingSettings.Rules.DEFAULT
                : settings.rules(launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId());
        model.put("policy", rules.policy().name());
        model.put("attempts", rules.attemptLimit() == null ? UNLIMITED : String.valueOf(rules.attemptLimit()));
        model.put(
                "attemptChoices",
                java.util.stream.IntStream.rangeClosed(1, GradingSettings.MAX_ATTEMPT_LIMIT)
                        .mapToObj(String::valueOf)
                        .toList());
        model.put("hasLink", launch.resourceLinkId() != null);
        model.put("notice", req.getParameter("notice") == null ? "" : req.getParameter("notice"));
        templates.send(resp, 200, "grading/deliveries.ftlh", model, locale);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Access.Grant grant = access.require(req, Access.Need.STAFF_OF_PLACE);
        LaunchContext launch = grant.launch();
        String action = req.getParameter("action");
        String notice;
        if ("retry".equals(action)) {
            long id;
            try {
                id = Long.parseLong(req.getParameter("id"));
            } catch (NumberFormatException e) {
                throw ToolException.badRequest("BAD_ID", "Choose a delivery to retry.");
            }
            if (outbox.retryNow(id, grant.scope())) {
                worker.nudge();
                notice = "retried";
            } else if (outbox.statusOf(id, grant.scope()).isPresent()) {
                // The worker's own retry got there between the page and the click: nothing left to retry.
                notice = "settled";
            } else {
                throw ToolException.notFound("DELIVERY_NOT_FOUND", "There is no such failed or waiting delivery here.");
            }
        } else if ("policy".equals(action) && launch.resourceLinkId() != null) {
            GradePolicy policy = GradePolicy.parse(req.getParameter("policy"))
                    .orElseThrow(() -> ToolException.badRequest(
                            "BAD_POLICY", "Choose best, latest, first attempt or the average."));
            GradePolicy before =
                    settings.policy(launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId());
            settings.setPolicy(launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId(), policy);
            if (before != policy && reposts != null) {
                reposts.repost(
                        launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId(), policy, true);
                worker.nudge();
            }
            notice = "policy";
        } else if ("resend".equals(action) && launch.resourceLinkId() != null && reposts != null) {
            reposts.repost(
                    launch.registrationId(),
                    launch.deploymentRowId(),
                    launch.resourceLinkId(),
                    settings.policy(launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId()),
                    false);
            worker.nudge();
            notice = "resent";
        } else if ("attempts".equals(action) && launch.resourceLinkId() != null) {
            settings.setAttemptLimit(
                    launch.registrationId(),
                    launch.deploymentRowId(),
                    launch.resourceLinkId(),
                    attemptLimit(req.getParameter("attempts")));
            notice = "attempts";
        } else {
            throw ToolException.badRequest("BAD_ACTION", "Unknown action.");
        }
        resp.setStatus(303);
        resp.setHeader(
                "Location",
                req.getContextPath() + "/instructor/grades?lt="
                        + URLEncoder.encode(LaunchSession.tokenOf(req), StandardCharsets.UTF_8) + "&notice=" + notice);
    }

    /** "unlimited" (null) or 1 to {@link GradingSettings#MAX_ATTEMPT_LIMIT}. */
    static Integer attemptLimit(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.equalsIgnoreCase(UNLIMITED)) {
            return null;
        }
        try {
            int n = s.length() > 3 ? -1 : Integer.parseInt(s);
            if (GradingSettings.validLimit(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ToolException.badRequest(
                "BAD_ATTEMPTS",
                "Choose unlimited attempts, or a number from 1 to " + GradingSettings.MAX_ATTEMPT_LIMIT + ".");
    }

    /** A row as the admin console's deliveries page shows it (no name lookup, English dates). */
    public static Problem problem(OutboxRow r) {
        return problem(r, "", java.util.Locale.ENGLISH);
    }

    private static Problem problem(OutboxRow r, String name, java.util.Locale locale) {
        String score = fmt(r.scoreGiven()) + " / " + fmt(r.scoreMaximum());
        return new Problem(
                r.id(),
                r.subject(),
                name,
                r.linkTitle() == null ? r.resourceLinkId() : r.linkTitle(),
                r.attemptNumber(),
                score,
                r.status().name(),
                r.lastError() == null ? "" : r.lastError(),
                r.lastHttpStatus(),
                r.tries(),
                ReadableTime.of(r.createdAt(), locale),
                ReadableTime.of(r.status().name().equals("PENDING") ? r.nextAttemptAt() : null, locale));
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(java.util.Locale.ROOT, "%.1f", x);
    }
}
