package org.attentionlesson.lesson.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.content.ItemPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttemptPlannerTest {

    static Exercise exercise;
    static List<String> pairIds;

    @BeforeAll
    static void load() {
        exercise = new ContentLoader(new DirectoryContentSource(Path.of("content")))
                .load()
                .require("attention-in-brief")
                .exercise();
        pairIds = exercise.pairs().stream()
                .map(ItemPair::id)
                .filter(id -> !exercise.retired().contains(id))
                .toList();
    }

    private static AttemptPlan plan(Set<String> seen, long seed) {
        return AttemptPlanner.plan(exercise, seen, new SplittableRandom(seed), 6);
    }

    @Test
    void anAttemptHasSixPairsAsTwelveItems() {
        AttemptPlan plan = plan(Set.of(), 1);
        assertEquals(6, plan.pairIds().size());
        assertEquals(12, plan.itemIds().size());
        assertEquals(12, new HashSet<>(plan.itemIds()).size());
    }

    @Test
    void choosesOnlyUnseenPairsWhileEnoughRemain() {
        Set<String> seen = new LinkedHashSet<>(pairIds.subList(0, pairIds.size() - 6));
        for (long seed = 0; seed < 20; seed++) {
            AttemptPlan plan = plan(seen, seed);
            assertTrue(
                    plan.pairIds().stream().noneMatch(seen::contains),
                    plan.pairIds().toString());
        }
    }

    @Test
    void fillsUpWithTheLeastRecentlySeenPairsWhenUnseenOnesRunOut() {
        List<String> oldestFirst = new ArrayList<>(pairIds.subList(0, pairIds.size() - 2));
        Set<String> seen = new LinkedHashSet<>(oldestFirst);
        AttemptPlan plan = plan(seen, 7);
        Set<String> expected = new HashSet<>(pairIds.subList(pairIds.size() - 2, pairIds.size()));
        expected.addAll(oldestFirst.subList(0, 4));
        assertEquals(expected, new HashSet<>(plan.pairIds()));
    }

    @Test
    void showsTheFirstMemberOfEveryPairBeforeAnySecondMember() {
        AttemptPlan plan = plan(Set.of(), 3);
        for (int i = 0; i < 6; i++) {
            ExerciseItem first = exercise.item(plan.itemIds().get(i));
            ExerciseItem second = exercise.item(plan.itemIds().get(i + 6));
            assertEquals(plan.pairIds().get(i), first.pair());
            assertEquals(pairOf(first).first().id(), first.id());
            assertEquals(pairOf(second).second().id(), second.id());
        }
    }

    @Test
    void theSecondMembersComeInADifferentOrderAndNoTwinFollowsItsTwin() {
        for (long seed = 0; seed < 500; seed++) {
            AttemptPlan plan = plan(Set.of(), seed);
            List<String> secondPairs = plan.itemIds().subList(6, 12).stream()
                    .map(id -> exercise.item(id).pair())
                    .toList();
            assertNotEquals(plan.pairIds(), secondPairs, "seed " + seed);
            for (int i = 1; i < plan.itemIds().size(); i++) {
                ExerciseItem previous = exercise.item(plan.itemIds().get(i - 1));
                assertNotEquals(previous.twin(), plan.itemIds().get(i), "seed " + seed + ": " + plan.itemIds());
            }
        }
    }

    @Test
    void differentRandomSeedsGiveDifferentAttempts() {
        Set<List<String>> plans = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            plans.add(plan(Set.of(), seed).itemIds());
        }
        assertTrue(plans.size() > 1);
    }

    @Test
    void usesEveryPairWhenTheExerciseHasFewerThanAsked() {
        AttemptPlan plan = AttemptPlanner.plan(exercise, Set.of(), new SplittableRandom(5), 100);
        assertEquals(pairIds.size(), plan.pairIds().size());
    }

    @Test
    void twoPairsKeepTheirOrderSoTwinsNeverTouch() {
        AttemptPlan plan = AttemptPlanner.plan(exercise, Set.of(), new SplittableRandom(9), 2);
        List<String> ids = plan.itemIds();
        assertEquals(4, ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertNotEquals(exercise.item(ids.get(i - 1)).twin(), ids.get(i));
        }
    }

    @Test
    void aRetiredPairIsNeverChosen() {
        assertFalse(exercise.retired().isEmpty(), "the shipped exercise retires the ambiguous pair");
        for (long seed = 0; seed < 30; seed++) {
            AttemptPlan plan = AttemptPlanner.plan(exercise, Set.of(), new SplittableRandom(seed), 100);
            assertTrue(
                    plan.pairIds().stream().noneMatch(exercise.retired()::contains),
                    plan.pairIds().toString());
        }
    }

    @Test
    void anAttemptOpensWithAWarmUpThenPairsToWeigh() {
        for (long seed = 0; seed < 30; seed++) {
            AttemptPlan plan = AttemptPlanner.plan(exercise, Set.of(), new SplittableRandom(seed), 4);
            assertTrue(
                    exercise.warmups().contains(plan.pairIds().get(0)),
                    plan.pairIds().toString());
            assertEquals(
                    1,
                    plan.pairIds().stream().filter(exercise.warmups()::contains).count(),
                    "one warm-up in four pairs: " + plan.pairIds());
            assertEquals(
                    exercise.item(plan.itemIds().get(0)).pair(), plan.pairIds().get(0), "the warm-up comes first");
        }
    }

    @Test
    void rejectsAnAttemptOfNoPairs() {
        RandomGenerator random = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class, () -> AttemptPlanner.plan(exercise, Set.of(), random, 0));
    }

    private static ItemPair pairOf(ExerciseItem item) {
        return exercise.pairs().stream()
                .filter(p -> p.id().equals(item.pair()))
                .findFirst()
                .orElseThrow();
    }
}
