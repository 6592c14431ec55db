package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.attentionlesson.lesson.ExerciseViews.AttemptView;
import org.attentionlesson.lesson.ExerciseViews.ItemView;
import org.attentionlesson.lesson.ExerciseViews.RulesView;
import org.attentionlesson.lesson.ExerciseViews.Status;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lesson.scoring.AttemptGrade;
import org.attentionlesson.lesson.scoring.AttemptPlan;
import org.attentionlesson.lesson.scoring.AttemptPlanner;
import org.attentionlesson.lesson.scoring.ItemScore;
import org.attentionlesson.lesson.scoring.Scoring;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.ToolException;

/**
 * The exercise's rules: start or resume an attempt, commit an item once, submit once. Scoring happens here and
 * only here; every refusal is a {@link ToolException} with a stable code, and leaves the stored attempt as it was.
 * New attempts follow the activity's rules ({@link ActivityRules}, which grading provides: unlimited attempts and best
 * score counts unless set); the grade policy itself is applied by grading. A known learner's attempt is reported to
 * the {@link AttemptListener} when it starts, when its first item is answered and when it is submitted, inside the
 * same transaction. Launch facts (deployment, course, grade service) come from lti ({@link LaunchFacts}).
 */
public final class ExerciseService {
    private final AttemptStore store;
    private final LessonCatalog catalog;
    private final Clock clock;
    private final Supplier<RandomGenerator> random;
    private final int pairsPerAttempt;
    private final LaunchFacts launches;
    private final ActivityRules activityRules;
    private final AttemptListener listener;

    public ExerciseService(
            AttemptStore store,
            LessonCatalog catalog,
            Clock clock,
            Supplier<RandomGenerator> random,
            int pairsPerAttempt,
            LaunchFacts launches,
            ActivityRules activityRules,
            AttemptListener listener) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.random = random;
        this.pairsPerAttempt = pairsPerAttempt;
        this.launches = launches;
        this.activityRules = activityRules;
        this.listener = listener;
    }

    /** The learner's latest attempt at the lesson (open or submitted), if any. */
    public Optional<AttemptView> latest(Learner learner, String lessonId) {
        Long deployment = deploymentOf(learner);
        return db().withConnection(c -> {
            Optional<Attempt> a = store.latest(c, learner, deployment, lessonId);
            return a.isEmpty() ? Optional.<AttemptView>empty() : Optional.of(view(c, a.get()));
        });
    }

    /** The activity's rules for this learner, whether or not they have started. */
    public RulesView rules(Learner learner, String lessonId) {
        Long deployment = deploymentOf(learner);
        return db().withConnection(c -> rulesView(
                c,
                learner.registrationId(),
                deployment,
                learner.resourceLinkId(),
                store.latest(c, learner, deployment, lessonId)));
    }

    /**
     * Resumes the open attempt, or starts a new one that prefers pairs the learner has not seen. Past the activity's
     * attempt limit nothing is started: 409 {@code ATTEMPT_LIMIT_REACHED}.
     */
    public AttemptView start(Learner learner, String lessonId) {
        Exercise exercise = lesson(lessonId).exercise();
        Optional<LaunchFacts.Facts> launch = launches.of(learner.launchId());
        Long deployment = launch.map(LaunchFacts.Facts::deploymentRowId).orElse(null);
        for (int tries = 0; ; tries++) {
            try {
                Attempt[] started = new Attempt[1];
                AttemptView view = db().inTransaction(c -> {
                    Optional<Attempt> latest = store.latest(c, learner, deployment, lessonId);
                    if (latest.isPresent() && !latest.get().submitted()) {
                        return view(c, latest.get());
                    }
                    int number = latest.map(a -> a.number() + 1).orElse(1);
                    Integer limit = activityRules
                            .rules(c, learner.registrationId(), deployment, learner.resourceLinkId())
                            .attemptLimit();
                    if (limit != null && number > limit) {
                        throw ToolException.conflict(
                                "ATTEMPT_LIMIT_REACHED",
                                limit == 1
                                        ? "You have used your one attempt at this exercise; no new attempt can be started."
                                        : "You have used all " + limit
                                                + " attempts at this exercise; no new attempt can be " + "started.");
                    }
                    AttemptPlan plan = AttemptPlanner.plan(
                            exercise, store.pairsSeen(c, learner, deployment, lessonId), random.get(), pairsPerAttempt);
                    Attempt created = store.insert(
                            c,
                            learner,
                            deployment,
                            launch.map(LaunchFacts.Facts::contextId).orElse(null),
                            lessonId,
                            number,
                            plan.pairIds(),
                            plan.itemIds(),
                            clock.instant());
                    report(c, learner, created, AttemptEvent.Progress.STARTED, null, created.startedAt(), launch);
                    started[0] = created;
                    return view(c, created);
                });
                committed(started[0]);
                return view;
            } catch (Database.StoreException e) {
                // Two tabs started at once: the other one won; resume its attempt.
                if (!e.isUniqueViolation() || tries > 2) {
                    throw e;
                }
            }
        }
    }

    public AttemptView view(Learner learner, long attemptId) {
        return db().withConnection(c -> view(c, owned(c, learner, attemptId, false)));
    }

    /**
     * Commits the learner's answer to one item and returns the item with its verdict and reveal. The same answer
     * again returns the stored verdict; a different one is refused.
     */
    public ItemView commit(Learner learner, long attemptId, String itemId, int antecedentIndex, int cueIndex) {
        for (int tries = 0; ; tries++) {
            try {
                return db().inTransaction(c -> {
                    Attempt attempt = owned(c, learner, attemptId, true);
                    ExerciseItem item = itemOf(attempt, itemId);
                    if (attempt.submitted()) {
                        throw ToolException.conflict(
                                "ATTEMPT_SUBMITTED",
                                "This attempt has been submitted; its answers can no longer change.");
                    }
                    Map<String, CommittedAnswer> answers = store.answers(c, attempt.id());
                    CommittedAnswer stored = answers.get(item.id());
                    if (stored != null) {
                        if (!stored.sameChoice(antecedentIndex, cueIndex)) {
                            throw ToolException.conflict(
                                    "ITEM_ALREADY_COMMITTED",
                                    "You already committed an answer "
                                            + "to this item, and a committed answer cannot be changed.");
                        }
                        return ItemViews.itemView(
                                attempt, lesson(attempt.lessonId()).exercise(), item, answers);
                    }
                    ItemScore score = score(item, antecedentIndex, cueIndex);
                    Instant now = clock.instant();
                    store.insertAnswer(c, attempt.id(), score, now);
                    if (answers.isEmpty()) { // the first answer: the attempt is in progress (reported once)
                        report(
                                c,
                                learner,
                                attempt,
                                AttemptEvent.Progress.IN_PROGRESS,
                                null,
                                now,
                                launches.of(learner.launchId()));
                    }
                    return ItemViews.itemView(
                            attempt, lesson(attempt.lessonId()).exercise(), item, store.answers(c, attempt.id()));
                });
            } catch (Database.StoreException e) {
                // The same item committed by a parallel request: answer from what it stored.
                if (!e.isUniqueViolation() || tries > 2) {
                    throw e;
                }
            }
        }
    }

    /**
     * Submits the attempt: all items must be committed. Records the score on the attempt and, for a known
     * person, reports it to the listener (grading) in the same transaction. Submitting again returns the same result.
     */
    public AttemptView submit(Learner learner, long attemptId) {
        Attempt[] done = new Attempt[1];
        AttemptView view = db().inTransaction(c -> {
            Attempt attempt = owned(c, learner, attemptId, true);
            if (attempt.submitted()) {
                return view(c, attempt);
            }
            Map<String, CommittedAnswer> answers = store.answers(c, attempt.id());
            int missing = attempt.itemIds().size() - answers.size();
            if (missing > 0) {
                throw ToolException.conflict(
                        "ATTEMPT_INCOMPLETE",
                        "Commit an answer to every item before you " + "submit (" + missing + " left).");
            }
            AttemptGrade grade = grade(attempt, answers);
            Instant now = clock.instant();
            store.markSubmitted(c, attempt.id(), grade.points(), grade.maxPoints(), now);
            Attempt submitted = store.find(c, attempt.id(), false).orElseThrow();
            report(
                    c,
                    learner,
                    submitted,
                    AttemptEvent.Progress.COMPLETED,
                    grade.points(),
                    now,
                    launches.of(learner.launchId()));
            done[0] = submitted;
            return view(c, submitted);
        });
        committed(done[0]);
        return view;
    }

    /** After the commit: the class page's counts at the attempt's context are read again (AttemptStore#committed). */
    private void committed(Attempt attempt) {
        if (attempt != null) {
            store.committed(attempt.registrationId(), attempt.contextId());
        }
    }

    private Database db() {
        return store.db();
    }

    private Long deploymentOf(Learner learner) {
        return launches.deploymentOf(learner.launchId()).orElse(null);
    }

    /** Tells the listener where a known learner's attempt stands; anonymous work is never reported (never graded). */
    private void report(
            Connection c,
            Learner learner,
            Attempt attempt,
            AttemptEvent.Progress progress,
            Double scoreGiven,
            Instant at,
            Optional<LaunchFacts.Facts> launch)
            throws SQLException {
        if (learner.anonymous() || attempt.anonymous()) {
            return;
        }
        double maximum = Scoring.grade(List.of(), attempt.itemIds().size()).maxPoints();
        listener.attemptReported(
                c,
                new AttemptEvent(
                        progress,
                        attempt.id(),
                        attempt.registrationId(),
                        attempt.deploymentRowId(),
                        attempt.contextId(),
                        attempt.resourceLinkId(),
                        learner.subject(),
                        learner.launchId(),
                        attempt.number(),
                        scoreGiven,
                        maximum,
                        attempt.startedAt(),
                        attempt.submittedAt(),
                        at,
                        launch.orElse(null)));
    }

    private Lesson lesson(String lessonId) {
        return catalog.find(lessonId)
                .orElseThrow(
                        () -> ToolException.notFound("LESSON_NOT_FOUND", "This activity's lesson is not available."));
    }

    private Attempt owned(Connection c, Learner learner, long attemptId, boolean forUpdate) throws SQLException {
        Optional<Attempt> attempt = store.find(c, attemptId, forUpdate);
        // Someone else's attempt is reported exactly like a missing one: its existence is not the caller's business.
        if (attempt.isEmpty() || !attempt.get().belongsTo(learner)) {
            throw ToolException.notFound("ATTEMPT_NOT_FOUND", "There is no such attempt of yours.");
        }
        return attempt.get();
    }

    private ExerciseItem itemOf(Attempt attempt, String itemId) {
        if (itemId == null || !attempt.itemIds().contains(itemId)) {
            throw ToolException.notFound("ITEM_NOT_FOUND", "This attempt has no such item.");
        }
        return lesson(attempt.lessonId()).exercise().item(itemId);
    }

    private static ItemScore score(ExerciseItem item, int antecedentIndex, int cueIndex) {
        int size = item.tokens().size();
        for (int index : new int[] {antecedentIndex, cueIndex}) {
            if (index < 0 || index >= size) {
                throw ToolException.badRequest(
                        "POSITION_OUT_OF_RANGE", "A chosen word position must be between 0 and " + (size - 1) + ".");
            }
            if (index == item.pronoun()) {
                throw ToolException.badRequest(
                        "PRONOUN_NOT_SELECTABLE", "The pronoun itself cannot be chosen; pick another word.");
            }
        }
        return Scoring.score(item, antecedentIndex, cueIndex);
    }

    private AttemptGrade grade(Attempt attempt, Map<String, CommittedAnswer> answers) {
        return Scoring.grade(
                answers.values().stream().map(CommittedAnswer::score).toList(),
                attempt.itemIds().size());
    }

    private AttemptView view(Connection c, Attempt attempt) throws SQLException {
        Map<String, CommittedAnswer> answers = store.answers(c, attempt.id());
        Exercise exercise = lesson(attempt.lessonId()).exercise();
        List<ItemView> items = new ArrayList<>();
        for (String id : attempt.itemIds()) {
            items.add(ItemViews.itemView(attempt, exercise, exercise.item(id), answers));
        }
        AttemptGrade grade = grade(attempt, answers);
        Double fraction = attempt.submitted() ? grade.fraction() : null;
        return new AttemptView(
                attempt.id(),
                attempt.number(),
                attempt.submitted() ? Status.submitted : Status.open,
                attempt.itemIds().size(),
                answers.size(),
                grade.points(),
                grade.maxPoints(),
                fraction,
                attempt.submittedAt(),
                attempt.submitted() && !attempt.anonymous(),
                items,
                rulesView(
                        c,
                        attempt.registrationId(),
                        attempt.deploymentRowId(),
                        attempt.resourceLinkId(),
                        store.latest(
                                c,
                                new Learner(
                                        attempt.registrationId(),
                                        attempt.learnerKey(),
                                        attempt.anonymous(),
                                        null,
                                        attempt.resourceLinkId(),
                                        null),
                                attempt.deploymentRowId(),
                                attempt.lessonId())));
    }

    /** The rules with the learner's latest attempt (the highest number, which is how many were started). */
    private RulesView rulesView(
            Connection c, long registrationId, Long deploymentRowId, String resourceLinkId, Optional<Attempt> latest)
            throws SQLException {
        ActivityRules.Rules rules = activityRules.rules(c, registrationId, deploymentRowId, resourceLinkId);
        int started = latest.map(Attempt::number).orElse(0);
        boolean open = latest.isPresent() && !latest.get().submitted();
        boolean allowed = !open && (rules.attemptLimit() == null || started < rules.attemptLimit());
        return new RulesView(rules.attemptLimit(), rules.policyName(), started, allowed);
    }
}
