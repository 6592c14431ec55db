package org.attentionlesson.grading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AccessTokens;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.ags.AgsScope;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.Score;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.outbound.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one leased outbox row and writes down what happened (docs/lti.md §5 outcome table): 2xx and 409 →
 * delivered; 401 → a new token and one more try; 429, 5xx, network and garbage → later, with backoff and
 * {@code Retry-After}; any other 4xx → failed with the platform's reason.
 */
public final class GradeDelivery {
    private static final Logger log = LoggerFactory.getLogger(GradeDelivery.class);

    private final GradeOutbox outbox;
    private final Registrations registrations;
    private final AccessTokens tokens;
    private final AgsService ags;
    private final LineItemBindings lineItems;
    private final Backoff backoff;
    private final Clock clock;
    /** A platform that asked us to wait (429/503 with Retry-After) is left alone until then. */
    private final Map<Long, Instant> pausedUntil = new ConcurrentHashMap<>();

    private final Map<Long, CachedRegistration> registrationCache = new ConcurrentHashMap<>();
    /** Where outcomes go: straight to the outbox, or to a group-commit writer ({@link OutcomeWriter}). */
    private final Consumer<GradeOutbox.Outcome> results;
    /** The gradebook columns' own maximums; null: scores go out on the tool's scale. */
    private volatile LineItemMaximums maximums;

    private record CachedRegistration(PlatformRegistration registration, Instant loadedAt) {}

    public GradeDelivery(
            GradeOutbox outbox,
            Registrations registrations,
            AccessTokens tokens,
            AgsService ags,
            LineItemBindings lineItems,
            Backoff backoff,
            Clock clock) {
        this(outbox, registrations, tokens, ags, lineItems, backoff, clock, o -> outbox.record(List.of(o)));
    }

    public GradeDelivery(
            GradeOutbox outbox,
            Registrations registrations,
            AccessTokens tokens,
            AgsService ags,
            LineItemBindings lineItems,
            Backoff backoff,
            Clock clock,
            Consumer<GradeOutbox.Outcome> results) {
        this.results = results;
        this.outbox = outbox;
        this.registrations = registrations;
        this.tokens = tokens;
        this.ags = ags;
        this.lineItems = lineItems;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Sends scores on each column's own scale from now on (AGS 2.0 §3.4: scoreGiven of scoreMaximum). */
    public GradeDelivery scaledBy(LineItemMaximums maximums) {
        this.maximums = maximums;
        return this;
    }

    public void deliver(OutboxRow row) {
        try {
            Instant now = clock.instant();
            if (row.scoreTimestamp() != null && row.scoreTimestamp().isAfter(now)) {
                // The row's timestamp is a second after the previous score's (Moodle compares whole seconds); a
                // timestamp in the future is a lie platforms may refuse, so the row waits until it is true.
                results.accept(outbox.retryOutcome(
                        row,
                        0,
                        row.lastError(),
                        Duration.between(now, row.scoreTimestamp()).plusMillis(1),
                        false));
                return;
            }
            Instant pause = pausedUntil.get(row.registrationId());
            if (pause != null && pause.isAfter(clock.instant())) {
                results.accept(outbox.retryOutcome(
                        row,
                        0,
                        row.lastError() == null ? "Waiting: the platform asked us to slow down." : row.lastError(),
                        Duration.between(clock.instant(), pause),
                        false));
                return;
            }
            PlatformRegistration registration = registration(row.registrationId());
            if (registration == null || registration.status() == PlatformRegistration.Status.DISABLED) {
                results.accept(outbox.failedOutcome(row, 0, "The platform registration is missing or disabled."));
                return;
            }
            // The launch's service URLs are only called on the registration's own origins (tenant isolation).
            if ((row.agsLineitem() != null && !ags.serviceUrlAllowed(registration, row.agsLineitem()))
                    || (row.agsLineitems() != null && !ags.serviceUrlAllowed(registration, row.agsLineitems()))) {
                log.warn(
                        "Grade row {}: the launch's AGS address {} is not on registration {}'s origins; not called",
                        row.id(),
                        LogText.neutral(row.agsLineitem() != null ? row.agsLineitem() : row.agsLineitems(), 300),
                        registration.id());
                results.accept(outbox.failedOutcome(
                        row,
                        0,
                        "The grade service address from the launch is not on a "
                                + "site this platform registered; the tool did not call it."));
                return;
            }
            Set<String> scopes = AgsScope.requested(row.scopes());
            int status;
            AccessToken token = tokens.get(registration, scopes);
            try {
                status = send(row, registration, token);
            } catch (AgsException e) {
                if (e.kind() != AgsException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                // Security Framework: the token may have expired early or been revoked. New token, one more try.
                tokens.invalidate(registration, scopes, token);
                token = tokens.get(registration, scopes);
                try {
                    status = send(row, registration, token);
                } catch (AgsException again) {
                    if (again.kind() == AgsException.Kind.UNAUTHORIZED) {
                        throw new AgsException(
                                AgsException.Kind.RETRYABLE,
                                401,
                                again.getMessage() + " (a fresh token "
                                        + "was refused too: on Moodle, check that the web server passes the Authorization "
                                        + "header to PHP)",
                                null);
                    }
                    throw again;
                }
            }
            results.accept(outbox.deliveredOutcome(
                    row, status, status == 409 ? "The platform already had this score or a newer one (409)." : null));
        } catch (AgsException e) {
            onFailure(row, e);
        } catch (RuntimeException e) {
            // A bug or a database hiccup must not lose the row: it stays leased and returns when the lease ends.
            log.warn("Delivering grade row {} failed unexpectedly: {}", row.id(), e.toString());
            try {
                results.accept(outbox.retryOutcome(
                        row,
                        0,
                        "Internal error: " + e.getClass().getSimpleName(),
                        backoff.delay(row.tries() + 1, null),
                        true));
            } catch (RuntimeException ignored) {
                // the lease expires and another try follows
            }
        }
    }

    private int send(OutboxRow row, PlatformRegistration registration, AccessToken token) throws AgsException {
        String lineItem = lineItems.lineItemFor(row, token);
        if (!ags.serviceUrlAllowed(registration, lineItem)) {
            throw org.attentionlesson.ags.PlatformHttp.offOrigin("The line item the platform named");
        }
        boolean canvas = "canvas".equalsIgnoreCase(registration.productFamily());
        if (!row.finalScore()) {
            // An attempt under way: its progress without a score (AGS 2.0 Score service, gradingProgress NotReady).
            return ags.publish(
                    lineItem,
                    token,
                    Score.progress(
                            row.subject(),
                            "STARTED".equals(row.progress()) ? Score.STARTED : Score.IN_PROGRESS,
                            comment(row),
                            row.scoreTimestamp()));
        }
        double given = row.scoreGiven();
        double max = row.scoreMaximum();
        Double columnMax =
                maximums == null ? null : maximums.maximum(lineItem, token, AgsScope.requested(row.scopes()));
        if (columnMax != null && columnMax != max) {
            given = LineItemMaximums.scale(given, max, columnMax);
            max = columnMax;
        }
        Score score = new Score(
                row.subject(),
                given,
                max,
                comment(row),
                row.scoreTimestamp(),
                row.submittedAt(),
                canvas,
                row.tries() == 0 && !row.regrade());
        try {
            return ags.publish(lineItem, token, score);
        } catch (AgsException e) {
            if (canvas
                    && e.httpStatus() == 400
                    && e.platformText().toLowerCase(Locale.ROOT).contains("timestamp")) {
                return 409; // Canvas refuses a strictly earlier timestamp with 400: superseded (docs/lti.md §5)
            }
            if (e.httpStatus() == 404 && row.agsLineitem() == null) {
                lineItems.forget(row, lineItem); // our recorded column is gone; the next score looks again
            }
            throw e;
        }
    }

    private void onFailure(OutboxRow row, AgsException e) {
        if (!e.platformText().isEmpty()) {
            log.info(
                    "Grade row {}: {} The platform said: {}",
                    row.id(),
                    e.getMessage(),
                    LogText.neutral(e.platformText(), 500));
        }
        if (e.kind() == AgsException.Kind.PERMANENT) {
            log.info("Grade row {} refused by the platform: {}", row.id(), e.getMessage());
            results.accept(outbox.failedOutcome(row, e.httpStatus(), e.getMessage()));
            return;
        }
        if (e.retryAfter() != null && (e.httpStatus() == 429 || e.httpStatus() == 503)) {
            pausedUntil.merge(
                    row.registrationId(), clock.instant().plus(e.retryAfter()), (a, b) -> a.isAfter(b) ? a : b);
        }
        results.accept(outbox.retryOutcome(
                row, e.httpStatus(), e.getMessage(), backoff.delay(row.tries() + 1, e.retryAfter()), true));
    }

    private PlatformRegistration registration(long id) {
        CachedRegistration c = registrationCache.get(id);
        if (c == null || c.loadedAt().isBefore(clock.instant().minusSeconds(30))) {
            PlatformRegistration r = registrations.find(id).orElse(null);
            if (r == null) {
                return null;
            }
            c = new CachedRegistration(r, clock.instant());
            registrationCache.put(id, c);
        }
        return c.registration();
    }

    static String comment(OutboxRow row) {
        if (!row.finalScore()) {
            return "Attempt " + row.attemptNumber()
                    + ("STARTED".equals(row.progress()) ? " started." : " in progress.");
        }
        return "Attempt " + row.attemptNumber() + ": " + points(row.scoreGiven()) + " of " + points(row.scoreMaximum())
                + " points.";
    }

    private static String points(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }
}
