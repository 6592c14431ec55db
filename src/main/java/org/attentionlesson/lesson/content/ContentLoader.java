package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads every lesson under {@code lessons/}: one folder per lesson holding {@code lesson.md},
 * {@code exercise.yaml}, {@code flashcards.yaml} and {@code figures/*.svg}. A new lesson is a new folder.
 * All files are validated before anything is returned; every problem found is reported together in one
 * {@link ContentException}, each naming its file and the field path inside it.
 */
public final class ContentLoader {

    public static final String LESSONS_DIR = "lessons";
    public static final String LESSON_FILE = "lesson.md";
    public static final String EXERCISE_FILE = "exercise.yaml";
    public static final String FLASHCARDS_FILE = "flashcards.yaml";
    public static final String FIGURES_DIR = "figures";

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ContentSource source;
    private final String displayRoot;

    /** Problems name files as {@code content/lessons/...}, the path in the repository. */
    public ContentLoader(ContentSource source) {
        this(source, "content/");
    }

    public ContentLoader(ContentSource source, String displayRoot) {
        this.source = source;
        this.displayRoot = displayRoot;
    }

    /** Loads and validates all lessons; throws {@link ContentException} listing every problem. */
    public LessonCatalog load() {
        List<ContentProblem> problems = new ArrayList<>();
        List<Lesson> lessons = new ArrayList<>();
        List<String> folders = source.list(LESSONS_DIR).stream()
                .filter(name -> name.endsWith("/"))
                .map(name -> name.substring(0, name.length() - 1))
                .sorted()
                .toList();
        if (folders.isEmpty()) {
            problems.add(new ContentProblem(displayRoot + LESSONS_DIR + "/", "", "no lesson folders found"));
        }
        for (String folder : folders) {
            loadLesson(folder, problems).ifPresent(lessons::add);
        }
        Map<Integer, String> byNumber = new HashMap<>();
        for (Lesson lesson : lessons) {
            String other = byNumber.putIfAbsent(lesson.lessonNumber(), lesson.id());
            if (other != null) {
                problems.add(new ContentProblem(
                        display(lessonPath(lesson.id(), LESSON_FILE)),
                        "lesson_number",
                        lesson.lessonNumber() + " is also the number of lesson '" + other + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ContentException(problems);
        }
        return new LessonCatalog(lessons);
    }

    private Optional<Lesson> loadLesson(String folder, List<ContentProblem> sink) {
        String lessonPath = lessonPath(folder, LESSON_FILE);
        Problems lessonProblems = new Problems(display(lessonPath), sink);
        Optional<LessonFile.Parts> parts =
                read(lessonPath, lessonProblems).flatMap(text -> LessonFile.split(text, lessonProblems));
        Optional<LessonFile.FrontMatter> front = parts.flatMap(p -> parseYaml(p.frontMatter(), lessonProblems))
                .flatMap(root -> LessonFile.frontMatter(root, folder, lessonProblems));

        Map<String, String> figures = new LinkedHashMap<>();
        Optional<LessonBody.Rendered> body = Optional.empty();
        if (parts.isPresent()) {
            LessonFile.Parts p = parts.get();
            if (p.body().isBlank()) {
                lessonProblems.add("body", "the lesson has no text after the front matter");
            }
            Set<String> names = LessonBody.figureNames(p.body(), p.bodyFirstLine(), lessonProblems);
            figures = loadFigures(folder, names, lessonProblems, sink);
            body = Optional.of(LessonBody.render(p.body(), p.bodyFirstLine(), figures, lessonProblems));
        }

        String exercisePath = lessonPath(folder, EXERCISE_FILE);
        Problems exerciseProblems = new Problems(display(exercisePath), sink);
        Optional<Exercise> exercise = read(exercisePath, exerciseProblems)
                .flatMap(text -> parseYaml(text, exerciseProblems))
                .flatMap(root -> ExerciseFile.read(root, exerciseProblems));

        String cardsPath = lessonPath(folder, FLASHCARDS_FILE);
        Problems cardProblems = new Problems(display(cardsPath), sink);
        Optional<List<Flashcard>> cards = read(cardsPath, cardProblems)
                .flatMap(text -> parseYaml(text, cardProblems))
                .flatMap(root -> FlashcardFile.read(root, cardProblems));

        if (lessonProblems.count() > 0 || front.isEmpty() || body.isEmpty() || exercise.isEmpty() || cards.isEmpty()) {
            return Optional.empty();
        }
        LessonFile.FrontMatter f = front.get();
        LessonBody.Rendered b = body.get();
        return Optional.of(new Lesson(
                f.id(),
                f.title(),
                f.lessonNumber(),
                f.lessonCount(),
                f.phase(),
                f.readMinutes(),
                f.practiceMinutes(),
                f.difficulty(),
                f.whatYouLearn(),
                f.whereThisFits(),
                f.beforeYouStart(),
                f.aboutTheMath(),
                f.objectives(),
                f.references(),
                b.bodyHtml(),
                b.introHtml(),
                b.sections(),
                exercise.get(),
                cards.get()));
    }

    /** Checks every SVG in the figures folder, and that each figure the body names exists. */
    private Map<String, String> loadFigures(
            String folder, Set<String> names, Problems lessonProblems, List<ContentProblem> sink) {
        String dir = lessonPath(folder, FIGURES_DIR);
        Map<String, String> figures = new LinkedHashMap<>();
        for (String entry : source.list(dir)) {
            if (!entry.endsWith(".svg")) {
                continue;
            }
            String path = dir + "/" + entry;
            Problems figureProblems = new Problems(display(path), sink);
            read(path, figureProblems)
                    .flatMap(svg -> SvgFigure.check(svg, figureProblems))
                    .ifPresent(svg -> figures.put(entry.substring(0, entry.length() - ".svg".length()), svg));
        }
        for (String name : names) {
            if (!figures.containsKey(name)
                    && source.read(dir + "/" + name + ".svg").isEmpty()) {
                lessonProblems.add("body", "'::figure " + name + "' has no file " + FIGURES_DIR + "/" + name + ".svg");
            }
        }
        return figures;
    }

    private Optional<String> read(String path, Problems problems) {
        Optional<String> text = source.read(path);
        if (text.isEmpty()) {
            problems.add("", "file is missing");
        }
        return text;
    }

    private static Optional<JsonNode> parseYaml(String text, Problems problems) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode()) {
                problems.add("", "is empty");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            problems.add("", "is not valid YAML" + where + ": " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static String lessonPath(String folder, String file) {
        return LESSONS_DIR + "/" + folder + "/" + file;
    }

    private String display(String path) {
        return displayRoot + path;
    }
}
