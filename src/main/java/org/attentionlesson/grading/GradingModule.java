package org.attentionlesson.grading;

import com.nimbusds.jose.jwk.RSAKey;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.PlatformHttp;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Settings;
import org.attentionlesson.web.Templates;

/**
 * Grading: service tokens and AGS calls, the outbox and its worker, and the student's status endpoint. The
 * instructor and admin views of deliveries read through {@link #outbox()}, {@link #worker()} and friends. The root
 * starts the worker ({@link #start()}) and stops it, drained, before the database closes ({@link #close()}).
 * Settings ({@link Settings}): {@code attention.grading.*} and {@code attention.ags.*}.
 */
public final class GradingModule implements AutoCloseable {
    /** The {@code attention.grading.*} settings. */
    public record Tuning(
            boolean runWorker,
            Duration poll,
            int batch,
            int concurrency,
            Duration lease,
            Duration backoffBase,
            Duration backoffMax,
            Duration giveUp,
            Duration drain) {
        public static Tuning from(Settings s) {
            return new Tuning(
                    s.flag("attention.grading.worker"),
                    s.millis("attention.grading.pollMillis"),
                    s.integer("attention.grading.batch"),
                    s.integer("attention.grading.concurrency"),
                    s.seconds("attention.grading.leaseSeconds"),
                    s.millis("attention.grading.backoffBaseMillis"),
                    s.millis("attention.grading.backoffMaxMillis"),
                    s.seconds("attention.grading.giveUpSeconds"),
                    s.seconds("attention.grading.drainSeconds"));
        }
    }

    private final Tuning config;
    private final AccessTokens tokens;
    private final GradingSettings settings;
    private final GradeOutbox outbox;
    private final GradeWorker worker;
    private final GradeReposts reposts;
    private final GradeEvents events = new GradeEvents();
    private final DeliveryReports deliveries;
    private final HttpServlet statusServlet;
    private final LaunchSession session;

    public GradingModule(
            Database db,
            Clock clock,
            Registrations registrations,
            PlatformHttp http,
            Supplier<RSAKey> signingKey,
            LaunchSession session,
            Messages messages,
            String nodeName,
            Tuning config,
            LaunchFacts launches,
            AttemptScores scores) {
        this.config = config;
        this.session = session;
        // Shared with the roster (NRPS): one HTTP client and one token cache for every platform service call.
        this.tokens = new AccessTokens(http, signingKey, clock, Duration.ofSeconds(60));
        AgsService ags = new AgsService(http);
        this.settings = new GradingSettings(db, clock);
        this.outbox = new GradeOutbox(db, clock, settings, config.giveUp(), launches, scores);
        this.deliveries = new DeliveryReports(outbox);
        String node = nodeName + "/" + Long.toHexString(System.nanoTime() & 0xffffffL);
        LineItemBindings lineItems = new LineItemBindings(db, ags, clock, node, config.lease());
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffMax());
        OutcomeWriter writer = new OutcomeWriter(outbox);
        GradeDelivery delivery = new GradeDelivery(
                        outbox, registrations, tokens, ags, lineItems, backoff, clock, writer)
                .scaledBy(new LineItemMaximums(ags, clock, Duration.ofMinutes(5)));
        this.worker = new GradeWorker(
                outbox,
                delivery,
                writer,
                new GradeWorker.Settings(config.poll(), config.batch(), config.concurrency(), config.lease()),
                node);
        this.reposts = new GradeReposts(db, clock, config.giveUp(), scores);
        this.statusServlet =
                new GradeStatusServlet(session, new GradeStatus(outbox, clock, Duration.ofSeconds(30)), messages);
    }

    /** Starts the delivery worker when this node runs one ({@code attention.grading.worker}). */
    public void start() {
        if (config.runWorker()) {
            worker.start();
        }
    }

    /** Whether this node runs the delivery worker. */
    public boolean runsWorker() {
        return config.runWorker();
    }

    /** Stops the worker, letting deliveries in flight finish within {@code attention.grading.drainSeconds}. */
    @Override
    public void close() {
        worker.stop(config.drain());
    }

    /** The service-token cache (client credentials grant), shared with NRPS. */
    public AccessTokens tokens() {
        return tokens;
    }

    public GradeOutbox outbox() {
        return outbox;
    }

    public GradingSettings settings() {
        return settings;
    }

    public GradeWorker worker() {
        return worker;
    }

    public GradeReposts reposts() {
        return reposts;
    }

    /**
     * {@code /instructor/grades}: where each of a link's scores is on its way to the gradebook, with retry and
     * resend (an instructor's page, from a launch; names from lti's {@link ContextLearners}).
     */
    public HttpServlet deliveriesPage(Templates templates, ContextLearners learners) {
        return new GradeDeliveryServlet(session, templates, outbox, settings, worker, learners).withReposts(reposts);
    }

    /** The lesson's attempt reports become grade events (wired by the root as the lesson's listener). */
    public GradeEvents events() {
        return events;
    }

    /** Delivery status and outcomes as records, for the instructor and admin views. */
    public DeliveryReports deliveries() {
        return deliveries;
    }

    /** {@code /api/grade-status}: where the learner's latest score is. */
    public HttpServlet statusServlet() {
        return statusServlet;
    }
}
