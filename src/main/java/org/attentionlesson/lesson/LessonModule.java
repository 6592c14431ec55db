package org.attentionlesson.lesson;

import org.attentionlesson.App;

/** Wires the lesson feature: the lesson page students land on after a resource-link launch. */
public final class LessonModule {
    private LessonModule() {
    }

    public static void install(App app) {
        app.addServlet("lesson", new LessonPageServlet(app.launchSession(), app.templates()), "/lesson");
    }
}
