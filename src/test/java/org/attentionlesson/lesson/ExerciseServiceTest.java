package org.attentionlesson.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.attentionlesson.grading.GradeEvents;
import org.attentionlesson.grading.GradePolicy;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.lesson.ExerciseViews.AttemptView;
import org.attentionlesson.lesson.ExerciseViews.ItemView;
import org.attentionlesson.lesson.ExerciseViews.RulesView;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lti.LaunchContexts;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.ToolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExerciseServiceTest {
    private static final String LESSON = "attention-in-brief";
    private Database db;
    private ExerciseService service;
    private long registration;
    private Learner ada;
    private GradingSettings settings;
    private long deployment;

    @BeforeEach
    void setUp() {
        db = LessonTestData.database();
        registration = LessonTestData.registration(db);
        SplittableRandom seed = new SplittableRandom(42);
        settings = new GradingSettings(db, Clock.systemUTC());
        // As the root wires it: launch facts from lti, rules and the attempt listener from grading.
        service = new ExerciseService(
                new AttemptStore(db),
                LessonTestData.CATALOG,
                Clock.systemUTC(),
                seed::split,
                6,
                new LaunchFacts(new LaunchContexts(db), db),
                settings.activityRules(),
                new GradeEvents());
        ada = LessonTestData.student(registration, "ada");
        deployment = LessonTestData.deploymentWithLaunches(db, registration, "link-1", "launch-ada", "launch-bea");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private ExerciseItem item(String id) {
        return LessonTestData.CATALOG.require(LESSON).exercise().item(id);
    }

    private ItemView commitRight(AttemptView a, int position) {
        ExerciseItem item = item(a.items().get(position).id());
        return service.commit(
                ada,
                a.attemptId(),
                item.id(),
                item.accepted().get(0),
                item.cue().get(0));
    }

    private AttemptView completeAll(AttemptView a) {
        for (int i = 0; i < a.itemCount(); i++) {
            commitRight(a, i);
        }
        return service.view(ada, a.attemptId());
    }

    @Test
    void startsAnAttemptOfSixPairsWithNoKeyBeforeCommit() {
        AttemptView a = service.start(ada, LESSON);
        assertEquals(12, a.itemCount());
        assertEquals(1, a.number());
        for (ItemView item : a.items()) {
            assertFalse(item.committed());
            assertNull(item.reveal());
        }
    }

    @Test
    void startingAgainResumesTheOpenAttempt() {
        AttemptView first = service.start(ada, LESSON);
        commitRight(first, 0);
        AttemptView again = service.start(ada, LESSON);
        assertEquals(first.attemptId(), again.attemptId());
        assertEquals(1, again.committedCount());
        assertEquals(
                first.items().stream().map(ItemView::id).toList(),
                again.items().stream().map(ItemView::id).toList());
    }

    @Test
    void scoresOnePointForTheAntecedentAndHalfForTheCue() {
        AttemptView a = service.start(ada, LESSON);
        ExerciseItem item = item(a.items().get(0).id());
        int wrongCue = wrongNonPronoun(item, item.cue());
        ItemView done =
                service.commit(ada, a.attemptId(), item.id(), item.accepted().get(0), wrongCue);
        assertTrue(done.committed());
        assertTrue(done.reveal().antecedentCorrect());
        assertFalse(done.reveal().cueCorrect());
        assertEquals(1.0, done.reveal().points());
        assertEquals(item.weights(), done.reveal().weights());
        assertTrue(done.reveal().twinPending(), "the twin comes later in the attempt");
    }

    @Test
    void repeatedCommitReturnsTheStoredVerdict() {
        AttemptView a = service.start(ada, LESSON);
        ItemView once = commitRight(a, 0);
        ItemView twice = commitRight(a, 0);
        assertEquals(once, twice);
        assertEquals(1, service.view(ada, a.attemptId()).committedCount());
    }

    @Test
    void refusesADifferentAnswerForACommittedItem() {
        AttemptView a = service.start(ada, LESSON);
        ItemView once = commitRight(a, 0);
        ExerciseItem item = item(once.id());
        ToolException e = assertThrows(
                ToolException.class,
                () -> service.commit(
                        ada,
                        a.attemptId(),
                        item.id(),
                        wrongNonPronoun(item, item.accepted()),
                        item.cue().get(0)));
        assertEquals(409, e.status());
        assertEquals("ITEM_ALREADY_COMMITTED", e.code());
        assertEquals(once, service.view(ada, a.attemptId()).items().get(0));
    }

    @Test
    void refusesPositionsOutsideTheSentenceAndThePronoun() {
        AttemptView a = service.start(ada, LESSON);
        ExerciseItem item = item(a.items().get(0).id());
        ToolException out = assertThrows(
                ToolException.class,
                () -> service.commit(
                        ada,
                        a.attemptId(),
                        item.id(),
                        item.tokens().size(),
                        item.cue().get(0)));
        assertEquals("POSITION_OUT_OF_RANGE", out.code());
        ToolException negative = assertThrows(
                ToolException.class,
                () -> service.commit(
                        ada, a.attemptId(), item.id(), item.accepted().get(0), -1));
        assertEquals("POSITION_OUT_OF_RANGE", negative.code());
        ToolException pronoun = assertThrows(
                ToolException.class,
                () -> service.commit(
                        ada,
                        a.attemptId(),
                        item.id(),
                        item.pronoun(),
                        item.cue().get(0)));
        assertEquals("PRONOUN_NOT_SELECTABLE", pronoun.code());
        assertEquals(0, service.view(ada, a.attemptId()).committedCount());
    }

    @Test
    void refusesItemsThatAreNotInTheAttempt() {
        AttemptView a = service.start(ada, LESSON);
        Set<String> inAttempt =
                new HashSet<>(a.items().stream().map(ItemView::id).toList());
        String outside = LessonTestData.CATALOG.require(LESSON).exercise().items().stream()
                .map(ExerciseItem::id)
                .filter(id -> !inAttempt.contains(id))
                .findFirst()
                .orElseThrow();
        for (String id : List.of(outside, "no-such-item")) {
            ToolException e = assertThrows(ToolException.class, () -> service.commit(ada, a.attemptId(), id, 0, 1));
            assertEquals("ITEM_NOT_FOUND", e.code());
        }
    }

    @Test
    void anotherStudentCannotSeeOrAnswerAnAttempt() {
        AttemptView a = service.start(ada, LESSON);
        Learner grace = LessonTestData.student(registration, "grace");
        ToolException view = assertThrows(ToolException.class, () -> service.view(grace, a.attemptId()));
        assertEquals(404, view.status());
        assertEquals("ATTEMPT_NOT_FOUND", view.code());
        ExerciseItem item = item(a.items().get(0).id());
        assertThrows(
                ToolException.class,
                () -> service.commit(
                        grace,
                        a.attemptId(),
                        item.id(),
                        item.accepted().get(0),
                        item.cue().get(0)));
        assertThrows(ToolException.class, () -> service.submit(grace, a.attemptId()));
        assertEquals(0, service.view(ada, a.attemptId()).committedCount());
    }

    @Test
    void showsTheTwinOnceBothTwinsAreCommitted() {
        AttemptView a = service.start(ada, LESSON);
        String firstId = a.items().get(0).id();
        String twinId = item(firstId).twin();
        int twinPosition = a.items().stream().map(ItemView::id).toList().indexOf(twinId);
        commitRight(a, 0);
        ItemView twin = commitRight(a, twinPosition);
        assertFalse(twin.reveal().twinPending());
        assertEquals(firstId, twin.reveal().twin().id());
        ItemView first = service.view(ada, a.attemptId()).items().get(0);
        assertEquals(twinId, first.reveal().twin().id());
    }

    @Test
    void submitNeedsEveryItemCommitted() {
        AttemptView a = service.start(ada, LESSON);
        commitRight(a, 0);
        ToolException e = assertThrows(ToolException.class, () -> service.submit(ada, a.attemptId()));
        assertEquals("ATTEMPT_INCOMPLETE", e.code());
        assertNull(service.view(ada, a.attemptId()).submittedAt());
    }

    @Test
    void submitRecordsTheGradeOnceAndRefusesLaterAnswers() {
        AttemptView a = service.start(ada, LESSON);
        ExerciseItem first = item(a.items().get(0).id());
        service.commit(ada, a.attemptId(), first.id(), first.accepted().get(0), wrongNonPronoun(first, first.cue()));
        for (int i = 1; i < a.itemCount(); i++) {
            commitRight(a, i);
        }
        AttemptView submitted = service.submit(ada, a.attemptId());
        assertEquals(ExerciseViews.Status.submitted, submitted.status());
        assertEquals(17.5 / 18.0, submitted.grade(), 1e-9);
        assertTrue(submitted.gradeRecorded());
        assertEquals(submitted.grade(), service.submit(ada, a.attemptId()).grade());
        assertEquals(1, gradeEvents(a.attemptId()));
        assertEquals(17.5, scoreGiven(a.attemptId()), 1e-9);
        assertEquals(1, gradeEvents(a.attemptId(), "STARTED"), "the start is reported once");
        assertEquals(1, gradeEvents(a.attemptId(), "IN_PROGRESS"), "the first answer is reported, the others not");

        ToolException e = assertThrows(
                ToolException.class,
                () -> service.commit(
                        ada,
                        a.attemptId(),
                        first.id(),
                        first.accepted().get(0),
                        first.cue().get(0)));
        assertEquals("ATTEMPT_SUBMITTED", e.code());
        assertEquals(17.5, service.view(ada, a.attemptId()).points(), 1e-9);
    }

    @Test
    void aNewAttemptPrefersPairsNotSeenBefore() {
        AttemptView first = completeAll(service.start(ada, LESSON));
        service.submit(ada, first.attemptId());
        AttemptView second = service.start(ada, LESSON);
        assertNotEquals(first.attemptId(), second.attemptId());
        assertEquals(2, second.number());
        Set<String> firstPairs = pairsOf(first);
        Set<String> secondPairs = pairsOf(second);
        int pairsInExercise =
                LessonTestData.CATALOG.require(LESSON).exercise().pairs().size();
        int overlapAllowed = Math.max(0, 12 - pairsInExercise);
        secondPairs.retainAll(firstPairs);
        assertTrue(secondPairs.size() <= overlapAllowed, "repeated pairs: " + secondPairs);
    }

    @Test
    void attemptsAreUnlimitedAndBestCountsByDefault() {
        assertEquals(new RulesView(null, "BEST", 0, true), service.rules(ada, LESSON));
        AttemptView first = service.start(ada, LESSON);
        assertEquals(new RulesView(null, "BEST", 1, false), first.rules(), "an open attempt is resumed, not added to");
        for (int n = 1; n <= 3; n++) {
            AttemptView a = completeAll(service.start(ada, LESSON));
            AttemptView submitted = service.submit(ada, a.attemptId());
            assertEquals(n, submitted.number());
            assertTrue(submitted.rules().newAttemptAllowed());
        }
    }

    @Test
    void refusesToStartAnAttemptBeyondTheActivitysLimit() {
        settings.setPolicy(registration, deployment, "link-1", GradePolicy.LATEST);
        settings.setAttemptLimit(registration, deployment, "link-1", 2);
        assertEquals(new RulesView(2, "LATEST", 0, true), service.rules(ada, LESSON));
        AttemptView first =
                service.submit(ada, completeAll(service.start(ada, LESSON)).attemptId());
        assertEquals(new RulesView(2, "LATEST", 1, true), first.rules());
        AttemptView second = completeAll(service.start(ada, LESSON));
        assertEquals(2, second.number());
        assertEquals(second.attemptId(), service.start(ada, LESSON).attemptId(), "the open attempt resumes");
        AttemptView submitted = service.submit(ada, second.attemptId());
        assertEquals(new RulesView(2, "LATEST", 2, false), submitted.rules());

        ToolException e = assertThrows(ToolException.class, () -> service.start(ada, LESSON));
        assertEquals("ATTEMPT_LIMIT_REACHED", e.code());
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("all 2 attempts"), e.getMessage());
        assertEquals(2, attemptCount(ada), "nothing stored");
        assertEquals(2, service.latest(ada, LESSON).orElseThrow().number());
        assertEquals(submitted.grade(), service.view(ada, second.attemptId()).grade());

        // Another student at the same activity, and the same student elsewhere, have their own attempts.
        Learner bea = LessonTestData.student(registration, "bea");
        assertEquals(1, service.start(bea, LESSON).number());
        Learner adaElsewhere = new Learner(registration, "ada", false, "ada", "link-2", "launch-ada-2");
        assertEquals(new RulesView(null, "BEST", 0, true), service.rules(adaElsewhere, LESSON));
        assertEquals(1, service.start(adaElsewhere, LESSON).number());

        // The instructor raises the limit (or lifts it): the next start goes through.
        settings.setAttemptLimit(registration, deployment, "link-1", 3);
        assertEquals(new RulesView(3, "LATEST", 2, true), service.rules(ada, LESSON));
        assertEquals(3, service.start(ada, LESSON).number());
    }

    @Test
    void theSameLinkIdInAnotherDeploymentNumbersItsAttemptsApart() {
        AttemptView here =
                service.submit(ada, completeAll(service.start(ada, LESSON)).attemptId());
        assertEquals(1, here.number());
        settings.setAttemptLimit(registration, deployment, "link-1", 1);
        assertEquals(
                "ATTEMPT_LIMIT_REACHED",
                assertThrows(ToolException.class, () -> service.start(ada, LESSON))
                        .code());

        // The same person and link id launched from a second deployment of the registration (LTI Core 1.3 §5.3.5).
        long other = LessonTestData.deploymentWithLaunches(db, registration, "link-1", "launch-ada-other");
        Learner adaThere = new Learner(registration, "ada", false, "ada", "link-1", "launch-ada-other");
        assertEquals(
                new RulesView(null, "BEST", 0, true),
                service.rules(adaThere, LESSON),
                "neither the other deployment's limit nor its attempt count applies");
        AttemptView there = service.start(adaThere, LESSON);
        assertEquals(1, there.number(), "numbered in its own deployment");
        assertEquals(other, deploymentOf(there.attemptId()));
        assertEquals(1, service.latest(ada, LESSON).orElseThrow().number());
        assertEquals(here.attemptId(), service.latest(ada, LESSON).orElseThrow().attemptId());
    }

    private long deploymentOf(long attemptId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT deployment_row_id FROM exercise_attempt WHERE id = ?")) {
                ps.setLong(1, attemptId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void aLimitOfOneRefusesTheSecondStartAndSaysSo() {
        settings.setAttemptLimit(registration, deployment, "link-1", 1);
        AttemptView a =
                service.submit(ada, completeAll(service.start(ada, LESSON)).attemptId());
        assertFalse(a.rules().newAttemptAllowed());
        ToolException e = assertThrows(ToolException.class, () -> service.start(ada, LESSON));
        assertEquals("ATTEMPT_LIMIT_REACHED", e.code());
        assertEquals(1, attemptCount(ada));
        assertEquals(
                GradePolicy.BEST,
                settings.policy(registration, deployment, "link-1"),
                "setting the limit keeps the policy");
    }

    private int attemptCount(Learner learner) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM exercise_attempt WHERE learner_key = ? AND resource_link_id = ?")) {
                ps.setString(1, learner.key());
                ps.setString(2, learner.resourceLinkId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void anonymousLaunchesCanSubmitButRecordNoGrade() {
        Learner anon = LessonTestData.anonymous(registration);
        AttemptView a = service.start(anon, LESSON);
        for (ItemView iv : a.items()) {
            ExerciseItem item = item(iv.id());
            service.commit(
                    anon,
                    a.attemptId(),
                    item.id(),
                    item.accepted().get(0),
                    item.cue().get(0));
        }
        AttemptView submitted = service.submit(anon, a.attemptId());
        assertEquals(1.0, submitted.grade(), 1e-9);
        assertFalse(submitted.gradeRecorded());
        assertEquals(0, gradeEvents(a.attemptId()));
        assertEquals(0, gradeEvents(a.attemptId(), "STARTED"), "an anonymous start is not reported either");
        assertNotNull(submitted.submittedAt());
    }

    private Set<String> pairsOf(AttemptView a) {
        Set<String> pairs = new HashSet<>();
        a.items().forEach(i -> pairs.add(item(i.id()).pair()));
        return pairs;
    }

    private static int wrongNonPronoun(ExerciseItem item, List<Integer> avoid) {
        for (int i = 0; i < item.tokens().size(); i++) {
            if (i != item.pronoun() && !avoid.contains(i)) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    /** The submitted-score reports of the attempt that grading recorded. */
    private int gradeEvents(long attemptId) {
        return gradeEvents(attemptId, "COMPLETED");
    }

    private int gradeEvents(long attemptId, String progress) {
        return db.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM grade_event WHERE attempt_id = ? AND progress = ?")) {
                ps.setLong(1, attemptId);
                ps.setString(2, progress);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private double scoreGiven(long attemptId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT score_given FROM grade_event WHERE attempt_id = ? " + "AND progress = 'COMPLETED'")) {
                ps.setLong(1, attemptId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        });
    }
}
