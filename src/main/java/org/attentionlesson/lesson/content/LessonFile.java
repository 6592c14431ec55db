package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and validates the front matter of {@code lesson.md}; the body is left to {@link LessonBody}. */
final class LessonFile {

    static final String FENCE = "---";

    private LessonFile() {}

    /** Front matter YAML and the markdown body, split at the {@code ---} fences. */
    record Parts(String frontMatter, String body, int bodyFirstLine) {}

    static Optional<Parts> split(String text, Problems problems) {
        List<String> lines = text.replace("\r\n", "\n").lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(FENCE)) {
            problems.add("", "must start with YAML front matter between '---' lines");
            return Optional.empty();
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(FENCE)) {
                String front = String.join("\n", lines.subList(1, i));
                String body = String.join("\n", lines.subList(i + 1, lines.size()));
                return Optional.of(new Parts(front, body, i + 2));
            }
        }
        problems.add("", "the front matter has no closing '---' line");
        return Optional.empty();
    }

    /** The front matter's fields, before the body is rendered. */
    record FrontMatter(
            String id,
            String title,
            int lessonNumber,
            int lessonCount,
            String phase,
            int readMinutes,
            int practiceMinutes,
            String difficulty,
            String whatYouLearn,
            String whereThisFits,
            List<String> beforeYouStart,
            String aboutTheMath,
            List<String> objectives,
            References references) {}

    static Optional<FrontMatter> frontMatter(JsonNode root, String folder, Problems problems) {
        if (problems.mapping(root, "").isEmpty()) {
            return Optional.empty();
        }
        int before = problems.count();
        Optional<String> id = problems.id(root, "", "id");
        if (id.isPresent() && !id.get().equals(folder)) {
            problems.add("id", "'" + id.get() + "' must match the lesson's folder name '" + folder + "'");
        }
        Optional<String> title = problems.text(root, "", "title");
        Optional<Integer> number = problems.positiveInteger(root, "", "lesson_number");
        Optional<Integer> count = problems.positiveInteger(root, "", "lesson_count");
        if (number.isPresent() && count.isPresent() && number.get() > count.get()) {
            problems.add("lesson_number", number.get() + " is larger than lesson_count " + count.get());
        }
        Optional<String> phase = problems.text(root, "", "phase");
        Optional<Integer> read = problems.positiveInteger(root, "", "read_minutes");
        Optional<Integer> practice = problems.positiveInteger(root, "", "practice_minutes");
        Optional<String> difficulty = problems.text(root, "", "difficulty");
        Optional<String> learn = problems.text(root, "", "what_you_learn");
        Optional<String> fits = problems.text(root, "", "where_this_fits");
        Optional<List<String>> before_ = problems.textList(root, "", "before_you_start");
        Optional<String> math = problems.text(root, "", "about_the_math");
        Optional<List<String>> objectives = problems.textList(root, "", "objectives");
        if (objectives.isPresent() && objectives.get().isEmpty()) {
            problems.add("objectives", "must list at least one objective");
        }
        Optional<References> references =
                problems.mapping(root, "", "references").flatMap(r -> references(r, problems));
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new FrontMatter(
                id.get(),
                title.get(),
                number.get(),
                count.get(),
                phase.get(),
                read.get(),
                practice.get(),
                difficulty.get(),
                learn.get(),
                fits.get(),
                before_.get(),
                math.get(),
                objectives.get(),
                references.get()));
    }

    private static Optional<References> references(JsonNode node, Problems problems) {
        int before = problems.count();
        String path = "references";
        Optional<SourceCredit> source = problems.mapping(node, path, "source").map(s -> {
            String p = path + ".source";
            Optional<String> title = problems.text(s, p, "title");
            Optional<String> lecture = problems.text(s, p, "lecture");
            Optional<List<String>> authors = problems.textList(s, p, "authors");
            Optional<String> course = problems.httpsUrl(s, p, "course_url", true);
            Optional<String> code = problems.httpsUrl(s, p, "code_url", true);
            Optional<String> license = problems.text(s, p, "license");
            Optional<String> attribution = problems.text(s, p, "attribution");
            Optional<String> note = problems.text(s, p, "note");
            if (problems.count() > before) {
                return null;
            }
            return new SourceCredit(
                    title.get(),
                    lecture.get(),
                    authors.get(),
                    course.get(),
                    code.get(),
                    license.get(),
                    attribution.get(),
                    note.get());
        });
        List<Reference> watchNext = referenceList(node, path, "watch_next", problems);
        List<Reference> goingDeeper = referenceList(node, path, "going_deeper", problems);
        List<AdjacentLesson> adjacent = new ArrayList<>();
        problems.optionalList(node, path, "adjacent").ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                String p = Problems.at(path + ".adjacent", i);
                problems.mapping(list.get(i), p).ifPresent(a -> {
                    Optional<Integer> number = problems.positiveInteger(a, p, "lesson_number");
                    Optional<String> title = problems.text(a, p, "title");
                    Optional<String> note = problems.optionalText(a, p, "note");
                    if (number.isPresent() && title.isPresent()) {
                        adjacent.add(new AdjacentLesson(number.get(), title.get(), note));
                    }
                });
            }
        });
        if (problems.count() > before || source.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new References(source.get(), watchNext, goingDeeper, adjacent));
    }

    private static List<Reference> referenceList(JsonNode node, String parent, String field, Problems problems) {
        List<Reference> result = new ArrayList<>();
        problems.optionalList(node, parent, field).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                String p = Problems.at(Problems.join(parent, field), i);
                problems.mapping(list.get(i), p).ifPresent(r -> {
                    Optional<String> title = problems.text(r, p, "title");
                    Optional<String> by = problems.optionalText(r, p, "by");
                    Optional<String> url = problems.httpsUrl(r, p, "url", false);
                    Optional<String> note = problems.optionalText(r, p, "note");
                    title.ifPresent(t -> result.add(new Reference(t, by, url, note)));
                });
            }
        });
        return result;
    }
}
