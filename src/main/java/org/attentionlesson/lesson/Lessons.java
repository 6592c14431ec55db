package org.attentionlesson.lesson;

import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.web.ToolException;

/**
 * Which lesson a launch opens: the resource link's custom parameter {@code lesson} (set by deep linking) or, when
 * there is none, the default lesson.
 */
public final class Lessons {
    public static final String CUSTOM_PARAM = "lesson";
    public static final String DEFAULT_LESSON = "attention-in-brief";

    private final LessonCatalog catalog;

    public Lessons(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    public LessonCatalog catalog() {
        return catalog;
    }

    public Lesson forLaunch(LaunchContext launch) {
        String wanted = launch.custom() == null ? null : launch.custom().get(CUSTOM_PARAM);
        if (wanted != null && !wanted.isBlank()) {
            return catalog.find(wanted.trim())
                    .orElseThrow(() -> ToolException.notFound(
                            "LESSON_NOT_FOUND",
                            "This activity points at a lesson the tool does not have. Tell your instructor."));
        }
        return catalog.find(DEFAULT_LESSON).orElseGet(() -> catalog.lessons().get(0));
    }
}
