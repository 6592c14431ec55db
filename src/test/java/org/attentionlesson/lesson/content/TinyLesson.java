package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small valid lesson held as editable data, written out as YAML and markdown for each test.
 * Tests break one thing and check that the loader names the file and the field.
 */
final class TinyLesson {

    static final String FOLDER = "tiny";
    static final String LESSON = "content/lessons/tiny/lesson.md";
    static final String EXERCISE = "content/lessons/tiny/exercise.yaml";
    static final String FLASHCARDS = "content/lessons/tiny/flashcards.yaml";
    static final String ATTRIBUTION = "© Someone, Some Course, example.org";

    static final String FIGURE = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">
              <title>A dot</title>
              <desc>One small dot.</desc>
              <circle cx="5" cy="5" r="2" fill="currentColor"/>
            </svg>
            """;

    final Map<String, Object> front = new LinkedHashMap<>();
    final Map<String, Object> source = new LinkedHashMap<>();
    String body = """
            An opening paragraph.

            ## First idea

            Some *text* about it.

            ::figure dot

            ## Second idea

            More text.
            """;
    final List<Map<String, Object>> items = new ArrayList<>();
    final List<Map<String, Object>> cards = new ArrayList<>();
    final Map<String, String> figures = new LinkedHashMap<>();
    final Map<String, String> extraFiles = new HashMap<>();
    String exerciseOverride;

    TinyLesson() {
        front.put("id", FOLDER);
        front.put("title", "A tiny lesson");
        front.put("lesson_number", 1);
        front.put("lesson_count", 2);
        front.put("phase", "Phase 1");
        front.put("read_minutes", 3);
        front.put("practice_minutes", 4);
        front.put("difficulty", "standard");
        front.put("what_you_learn", "Something small.");
        front.put("where_this_fits", "At the start.");
        front.put("before_you_start", List.of("Nothing"));
        front.put("about_the_math", "None.");
        front.put("objectives", List.of("Know one thing.", "Know another."));
        source.put("title", "Some Course");
        source.put("lecture", "Lecture 1");
        source.put("authors", List.of("Someone"));
        source.put("course_url", "https://example.org");
        source.put("code_url", "https://example.org/code");
        source.put("license", "MIT");
        source.put("attribution", ATTRIBUTION);
        source.put("note", "Original prose.");
        Map<String, Object> references = new LinkedHashMap<>();
        references.put("source", source);
        references.put("watch_next", List.of(Map.of("title", "Lecture 1", "url", "https://example.org/1")));
        references.put("going_deeper", List.of(Map.of("title", "A paper", "by", "Someone, 2017")));
        references.put("adjacent", List.of(Map.of("lesson_number", 2, "title", "Next")));
        front.put("references", references);

        for (int p = 1; p <= 6; p++) {
            items.add(item("p" + p, "a", "b", "hungry.", "fox"));
            items.add(item("p" + p, "b", "a", "slow.", "hen"));
        }
        for (int c = 1; c <= 10; c++) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("id", "card-" + c);
            card.put("front", "Question " + c + "?");
            card.put("back", "Answer " + c + ".");
            cards.add(card);
        }
        figures.put("dot", FIGURE);
    }

    /** "The fox chased the hen because it was CUE": the cue decides between the fox and the hen. */
    static Map<String, Object> item(String pair, String self, String other, String cue, String answer) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", pair + "-" + self);
        item.put("pair", pair);
        item.put("twin", pair + "-" + other);
        item.put("tokens", new ArrayList<>(List.of("The", "fox", "chased", "the", "hen", "because", "it", "was", cue)));
        item.put("pronoun", 6);
        item.put(
                "candidates",
                new ArrayList<>(List.of(candidate("fox", "the fox", 0, 1, 1), candidate("hen", "the hen", 3, 4, 4))));
        item.put("answer", answer);
        boolean fox = answer.equals("fox");
        item.put("accepted", new ArrayList<>(List.of(fox ? 1 : 4)));
        item.put("cue", new ArrayList<>(List.of(8)));
        item.put(
                "weights",
                new ArrayList<>(List.of(0.05, fox ? 0.5 : 0.1, 0.05, 0.05, fox ? 0.1 : 0.5, 0.05, 0.05, 0.05, 0.1)));
        item.put("explanation", "Because of the " + cue);
        item.put("why_not", new LinkedHashMap<>(Map.of(fox ? "hen" : "fox", "Not this one.")));
        return item;
    }

    static Map<String, Object> candidate(String id, String label, int first, int last, int head) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("id", id);
        candidate.put("label", label);
        candidate.put("span", new ArrayList<>(List.of(first, last)));
        candidate.put("head", head);
        return candidate;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> candidateOf(int item, int index) {
        return ((List<Map<String, Object>>) items.get(item).get("candidates")).get(index);
    }

    @SuppressWarnings("unchecked")
    List<Object> listOf(int item, String field) {
        return (List<Object>) items.get(item).get(field);
    }

    Map<String, String> files() {
        Map<String, String> files = new HashMap<>();
        String dir = "lessons/" + FOLDER + "/";
        files.put(dir + "lesson.md", "---\n" + yaml(front) + "---\n" + body);
        files.put(dir + "exercise.yaml", exerciseOverride != null ? exerciseOverride : yaml(Map.of("items", items)));
        files.put(dir + "flashcards.yaml", yaml(Map.of("cards", cards)));
        figures.forEach((name, svg) -> files.put(dir + "figures/" + name + ".svg", svg));
        files.putAll(extraFiles);
        return files;
    }

    LessonCatalog load() {
        return new ContentLoader(new MapContentSource(files())).load();
    }

    static String yaml(Object value) {
        try {
            return new YAMLMapper().writeValueAsString(value).replaceFirst("^---\n", "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
