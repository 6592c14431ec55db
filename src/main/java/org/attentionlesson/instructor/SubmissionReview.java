package org.attentionlesson.instructor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lesson.scoring.ItemScore;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * A learner's exercise attempts at one resource link, read-only, for the instructor's submission review (LTI
 * Submission Review 1.0): every attempt with its per-item answers, points and total. Anonymous attempts are never
 * shown: they belong to no user the platform could name.
 */
public final class SubmissionReview {
    /** One committed (or not yet committed) item of an attempt, as the page shows it. */
    public record ItemRow(String itemId, String sentence, String pronoun, boolean answered, String chosen,
            boolean antecedentCorrect, String cue, boolean cueCorrect, double points, double maxPoints) {
    }

    /** One attempt with its items and total. */
    public record AttemptRow(int number, String lessonId, Instant startedAt, Instant submittedAt, double scoreGiven,
            double scoreMaximum, List<ItemRow> items) {
        public boolean submitted() {
            return submittedAt != null;
        }
    }

    private final Database db;
    private final LessonCatalog catalog;

    public SubmissionReview(Database db, LessonCatalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    /** The learner's attempts at the resource link of {@code scope} (Access: its deployment and course), oldest first. */
    public List<AttemptRow> attempts(Access.Scope scope, String subject) {
        if (scope.wholeContext()) {
            throw new IllegalArgumentException("a submission review reads one resource link");
        }
        return db.withConnection(c -> {
            List<AttemptRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, attempt_number, lesson_id, item_ids, started_at, "
                    + "submitted_at, score_given, score_maximum FROM exercise_attempt WHERE learner_key = ? "
                    + "AND anonymous = FALSE" + scope.where("") + " ORDER BY lesson_id, attempt_number")) {
                Sql.bind(ps, scope.args(new Object[] {subject}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String lessonId = rs.getString(3);
                        List<String> itemIds = split(rs.getString(4));
                        Instant submitted = Sql.instant(rs.getTimestamp(6));
                        double given = rs.getDouble(7);
                        double max = rs.getDouble(8);
                        List<ItemRow> items = items(c, id, lessonId, itemIds);
                        if (submitted == null) {
                            given = items.stream().mapToDouble(ItemRow::points).sum();
                            max = items.size() * ItemScore.MAX_POINTS;
                        }
                        out.add(new AttemptRow(rs.getInt(2), lessonId, Sql.instant(rs.getTimestamp(5)), submitted,
                                given, max, items));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The resource link a line item URL belongs to in the review launch's deployment, for a review request that names
     * only the line item.
     */
    public Optional<String> resourceLinkOfLineItem(long registrationId, long deploymentRowId, String lineItemUrl) {
        if (lineItemUrl == null) {
            return Optional.empty();
        }
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT resource_link_id FROM ags_line_item "
                    + "WHERE registration_id = ? AND deployment_row_id = ? AND url = ?")) {
                Sql.bind(ps, registrationId, deploymentRowId, lineItemUrl);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private List<ItemRow> items(Connection c, long attemptId, String lessonId, List<String> itemIds)
            throws SQLException {
        Map<String, ItemScore> answers = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, antecedent_index, cue_index, antecedent_correct, "
                + "cue_correct FROM exercise_answer WHERE attempt_id = ?")) {
            Sql.bind(ps, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    answers.put(rs.getString(1), new ItemScore(rs.getString(1), rs.getInt(2), rs.getInt(3),
                            rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        Optional<Lesson> lesson = catalog.find(lessonId);
        List<String> order = new ArrayList<>(itemIds);
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
                rows.add(new ItemRow(itemId, sentence, pronoun, true, token(item, a.antecedentIndex()),
                        a.antecedentCorrect(), token(item, a.cueIndex()), a.cueCorrect(), a.points(),
                        ItemScore.MAX_POINTS));
            }
        }
        return rows;
    }

    private static String token(Optional<ExerciseItem> item, int index) {
        return item.filter(i -> index >= 0 && index < i.tokens().size()).map(i -> i.tokens().get(index))
                .orElse("#" + index);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }
}
