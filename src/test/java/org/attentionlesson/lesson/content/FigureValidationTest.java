package org.attentionlesson.lesson.content;

import static org.attentionlesson.lesson.content.ContentAssertions.assertProblem;

import org.junit.jupiter.api.Test;

class FigureValidationTest {

    private static final String FILE = "content/lessons/tiny/figures/dot.svg";

    private final TinyLesson lesson = new TinyLesson();

    private void figure(String from, String to) {
        lesson.figures.put("dot", TinyLesson.FIGURE.replace(from, to));
    }

    @Test
    void rejectsAScript() {
        figure("<circle", "<script>alert(1)</script><circle");
        assertProblem(lesson, FILE, "", "<script>");
    }

    @Test
    void rejectsAStyleAttribute() {
        figure("<circle ", "<circle style=\"fill:red\" ");
        assertProblem(lesson, FILE, "", "style= attributes");
    }

    @Test
    void rejectsAStyleElement() {
        figure("<circle", "<style>circle{fill:red}</style><circle");
        assertProblem(lesson, FILE, "", "<style> element");
    }

    @Test
    void rejectsAnEventAttribute() {
        figure("<circle ", "<circle onclick=\"go()\" ");
        assertProblem(lesson, FILE, "", "on...= event attributes");
    }

    @Test
    void rejectsALinkToAnotherSite() {
        figure("<circle", "<a href=\"https://example.org\"><text>x</text></a><circle");
        assertProblem(lesson, FILE, "", "must not link outside the page");
    }

    @Test
    void rejectsAFigureWithoutRoleImg() {
        figure(" role=\"img\"", "");
        assertProblem(lesson, FILE, "svg", "role=\"img\"");
    }

    @Test
    void rejectsAFigureWithoutATitle() {
        figure("<title>A dot</title>", "");
        assertProblem(lesson, FILE, "svg", "<title>");
    }

    @Test
    void rejectsAFigureWithoutADescription() {
        figure("<desc>One small dot.</desc>", "");
        assertProblem(lesson, FILE, "svg", "<desc>");
    }

    @Test
    void rejectsAFixedWidth() {
        figure("viewBox=", "width=\"300\" viewBox=");
        assertProblem(lesson, FILE, "svg", "fixed width or height");
    }

    @Test
    void rejectsAFigureWithoutAViewBox() {
        figure(" viewBox=\"0 0 10 10\"", "");
        assertProblem(lesson, FILE, "svg", "viewBox");
    }

    @Test
    void rejectsAFixedColourThatWouldNotFollowTheTheme() {
        figure("<circle ", "<circle fill=\"#000000\" ");
        assertProblem(lesson, FILE, "", "currentColor or none only");
    }

    @Test
    void rejectsTextTooSmallToReadWhenScaled() {
        figure("<circle ", "<text font-size=\"8\" fill=\"currentColor\">x</text><circle ");
        assertProblem(lesson, FILE, "svg", "font-size 8 is below the smallest allowed, 11");
    }

    @Test
    void rejectsAFigureTooWideForItsSmallestText() {
        lesson.figures.put(
                "dot",
                TinyLesson.FIGURE
                        .replace("<circle ", "<text font-size=\"11\" fill=\"currentColor\">x</text><circle ")
                        .replace("viewBox=\"0 0 10 10\"", "viewBox=\"0 0 1200 10\""));
        assertProblem(lesson, FILE, "svg", "too wide for its smallest text");
    }

    @Test
    void aFigureKeepsTheWidthItsSmallestTextNeedsToStayAtTwelvePixels() {
        org.junit.jupiter.api.Assertions.assertEquals(
                21,
                SvgFigure.widthSteps(
                        "<svg viewBox=\"0 0 770 204\" font-size=\"14\"><text font-size=\"11\">a</text></svg>"));
        org.junit.jupiter.api.Assertions.assertEquals(0, SvgFigure.widthSteps("<svg viewBox=\"0 0 770 204\"></svg>"));
    }
}
