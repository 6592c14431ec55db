package org.attentionlesson.instructor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.grading.DeliveryStatus;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lesson.scoring.ItemScore;
import org.attentionlesson.store.Database;

/**
 * A learner's exercise attempts at one resource link, read-only, for the instructor's submission review (LTI
 * Submission Review 1.0): every attempt with its per-item answers, points and total. Anonymous attempts are never
 * shown: they belong to no user the platform could name.
 */
public final class SubmissionReview {
    /** Attempts read per learner at most. */
    static final int MAX_ATTEMPTS = 1_000;

    /** One committed (or not yet committed) item of an attempt, as the page shows it. */
    public record ItemRow(
            String itemId,
            String sentence,
            String pronoun,
            boolean answered,
            String chosen,
            boolean antecedentCorrect,
            String cue,
            boolean cueCorrect,
            double points,
            double maxPoints) {}

    /** One attempt with its items and total. */
    public record AttemptRow(
            int number,
            String lessonId,
            Instant startedAt,
            Instant submittedAt,
            double scoreGiven,
            double scoreMaximum,
            List<ItemRow> items) {
        public boolean submitted() {
            return submittedAt != null;
        }
    }

    private final AttemptRecords records;
    private final DeliveryStatus deliveries;
    private final LessonCatalog catalog;

    public SubmissionReview(AttemptRecords records, DeliveryStatus deliveries, LessonCatalog catalog) {
        this.records = records;
        this.deliveries = deliveries;
        this.catalog = catalog;
    }

    public SubmissionReview(Database db, LessonCatalog catalog) {
        this(new AttemptRecords(db), new DeliveryStatus(db), catalog);
    }

    /** The learner's attempts at the resource link of {@code scope} (Access: its deployment and course), oldest first. */
    public List<AttemptRow> attempts(Access.Scope scope, String subject) {
        if (scope.wholeContext()) {
            throw new IllegalArgumentException("a submission review reads one resource link");
        }
        List<AttemptRow> out = new ArrayList<>();
        for (AttemptRecords.AttemptWork w : records.work(scope, null, subject, MAX_ATTEMPTS)) {
            List<ItemRow> items = items(w);
            double given = w.scoreGiven() == null ? 0 : w.scoreGiven();
            double max = w.scoreMaximum() == null ? 0 : w.scoreMaximum();
            if (w.submittedAt() == null) {
                given = items.stream().mapToDouble(ItemRow::points).sum();
                max = items.size() * ItemScore.MAX_POINTS;
            }
            out.add(new AttemptRow(w.number(), w.lessonId(), w.startedAt(), w.submittedAt(), given, max, items));
        }
        return out;
    }

    /**
     * The resource link a line item URL belongs to in the review launch's deployment, for a review request that names
     * only the line item.
     */
    public Optional<String> resourceLinkOfLineItem(long registrationId, long deploymentRowId, String lineItemUrl) {
        return deliveries.resourceLinkOfLineItem(registrationId, deploymentRowId, lineItemUrl);
    }

    private List<ItemRow> items(AttemptRecords.AttemptWork w) {
        Map<String, ItemScore> answers = new LinkedHashMap<>();
        for (AttemptRecords.AnswerRecord a : w.answers()) {
            answers.put(
                    a.itemId(),
                    new ItemScore(
                            a.itemId(), a.antecedentIndex(), a.cueIndex(), a.antecedentCorrect(), a.cueCorrect()));
        }
        Optional<Lesson> lesson = catalog.find(w.lessonId());
        List<String> order = new ArrayList<>(w.itemIds());
        answers.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<ItemRow> rows = new ArrayList<>();
        for (String itemId : order) {
            Optional<ExerciseItem> item = lesson.flatMap(l -> l.exercise().find(itemId));
            ItemScore a = answers.get(itemId);
            String sentence = item.map(ExerciseItem::sentence).orElse(itemId);
            String pronoun = item.map(ExerciseItem::pronounToken).orElse("");
            if (a == null) {
                rows.add(new ItemRow(itemId, sentence, pronoun, false, "", false, "", false, 0, ItemScore.MAX_POINTS));
            } else {
                rows.add(new ItemRow(
                        itemId,
                        sentence,
                        pronoun,
                        true,
                        token(item, a.antecedentIndex()),
                        a.antecedentCorrect(),
                        token(item, a.cueIndex()),
                        a.cueCorrect(),
                        a.points(),
                        ItemScore.MAX_POINTS));
            }
        }
        return rows;
    }

    private static String token(Optional<ExerciseItem> item, int index) {
        return item.filter(i -> index >= 0 && index < i.tokens().size())
                .map(i -> i.tokens().get(index))
                .orElse("#" + index);
    }
}
