package org.attentionlesson.grading;

import java.time.Duration;
import org.attentionlesson.App;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.lti.LaunchFacts;

/**
 * Wires grading: service tokens and AGS calls, the outbox and its worker, the student's status endpoint, and the
 * lesson's attempt reports ({@link GradeEvents}). The instructor and admin views of deliveries are wired by their own
 * modules from the {@link Grading} handed back (grading imports neither). Settings (context parameters or system properties):
 *
 * <pre>
 * grading.worker            true   run the delivery worker on this node
 * grading.pollMillis        250    how often an idle worker looks for new scores
 * grading.batch             64     rows leased per claim
 * grading.concurrency       16     scores in flight at once per node
 * grading.leaseSeconds      60     how long a node owns a leased row (longer than any one delivery)
 * grading.backoffBaseMillis 2000   first retry delay (doubles per try, with jitter)
 * grading.backoffMaxMillis  600000 longest retry delay
 * grading.giveUpSeconds     259200 after this long a row is marked failed (3 days)
 * ags.connectTimeoutMillis  5000   connect timeout of every platform call
 * ags.timeoutMillis         10000  whole-exchange deadline of every platform call
 * ags.maxReplyBytes         1048576 largest reply read from a platform
 * </pre>
 */
public final class GradingModule {
    private GradingModule() {
    }

    /** What other modules are given of grading (its public APIs and the worker to nudge). */
    public record Grading(GradingSettings settings, GradeEvents events, GradeOutbox outbox, GradeWorker worker,
            GradeReposts reposts, DeliveryReports deliveries) {
    }

    public static Grading install(App app, LaunchFacts launches, AttemptScores scores) {
        int concurrency = Integer.parseInt(app.param("attention.grading.concurrency", "16"));
        PlatformHttp http = app.platformHttp();
        AccessTokens tokens = new AccessTokens(http, () -> app.toolKeys().signingKey(), app.clock(), Duration.ofSeconds(60));
        AgsService ags = new AgsService(http);
        // Shared with the roster (NRPS): one HTTP client and one token cache for every platform service call.
        app.servletContext().setAttribute(PlatformHttp.class.getName(), http);
        app.servletContext().setAttribute(AccessTokens.class.getName(), tokens);
        GradingSettings settings = new GradingSettings(app.db(), app.clock());
        Duration giveUp = Duration.ofSeconds(Long.parseLong(app.param("attention.grading.giveUpSeconds", "259200")));
        GradeOutbox outbox = new GradeOutbox(app.db(), app.clock(), settings, giveUp, launches, scores);
        Duration lease = Duration.ofSeconds(Long.parseLong(app.param("attention.grading.leaseSeconds", "60")));
        String node = app.config().nodeName() + "/" + Long.toHexString(System.nanoTime() & 0xffffffL);
        LineItemBindings lineItems = new LineItemBindings(app.db(), ags, app.clock(), node, lease);
        Backoff backoff = new Backoff(Duration.ofMillis(Long.parseLong(app.param("attention.grading.backoffBaseMillis", "2000"))),
                Duration.ofMillis(Long.parseLong(app.param("attention.grading.backoffMaxMillis", "600000"))));
        OutcomeWriter writer = new OutcomeWriter(outbox);
        GradeDelivery delivery = new GradeDelivery(outbox, app.registrations(), tokens, ags, lineItems, backoff, app.clock(),
                writer).scaledBy(new LineItemMaximums(ags, app.clock(), Duration.ofMinutes(5)));
        GradeStatus status = new GradeStatus(outbox, app.clock(), Duration.ofSeconds(30));

        GradeWorker worker = new GradeWorker(outbox, delivery, writer, new GradeWorker.Settings(
                Duration.ofMillis(Long.parseLong(app.param("attention.grading.pollMillis", "250"))),
                Integer.parseInt(app.param("attention.grading.batch", "64")),
                concurrency, lease), node);
        if (Boolean.parseBoolean(app.param("attention.grading.worker", "true"))) {
            worker.start();
            app.addHealthCheck("gradeWorker", worker::healthy);
        }
        app.onShutdown(worker);

        app.addServlet("gradeStatus", new GradeStatusServlet(app.launchSession(), status, app.templates().messages()),
                "/api/grade-status");
        return new Grading(settings, new GradeEvents(), outbox, worker,
                new GradeReposts(app.db(), app.clock(), giveUp, scores), new DeliveryReports(outbox));
    }
}
