package org.attentionlesson.deeplinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.grading.GradePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The picker's input checks: what an instructor may choose, and the message key for what is wrong. */
class ActivitySettingsTest {
    private static final Set<Presentation> BOTH = EnumSet.allOf(Presentation.class);

    private static ActivitySettings.Parsed parse(
            String title, String points, String policy, String presentation, Set<Presentation> offered) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("points", points);
        f.put("policy", policy);
        f.put("presentation", presentation);
        return ActivitySettings.parse(f::get, offered);
    }

    @Test
    void acceptsDecimalPointsLowerCasePolicyAndTrimsTheTitle() {
        ActivitySettings s =
                parse("  Attention  ", " 7.5 ", "latest", "window", BOTH).settings();
        assertEquals(new ActivitySettings("Attention", 7.5, GradePolicy.LATEST, null, Presentation.WINDOW), s);
    }

    @Test
    void attemptsAreUnlimitedByDefaultOrOneToTen() {
        assertEquals(
                "unlimited",
                ActivitySettings.defaults(
                                DeepLinkingSettings.parse("{\"deep_link_return_url\":\"https://c.example/r\"}"), BOTH)
                        .values()
                        .get("attempts"));
        Map<String, String> f =
                new HashMap<>(Map.of("title", "A", "points", "10", "policy", "FIRST", "presentation", "iframe"));
        assertNull(ActivitySettings.parse(f::get, BOTH).settings().attemptLimit(), "absent: unlimited");
        f.put("attempts", "unlimited");
        assertNull(ActivitySettings.parse(f::get, BOTH).settings().attemptLimit());
        f.put("attempts", " 3 ");
        assertEquals(3, ActivitySettings.parse(f::get, BOTH).settings().attemptLimit());
        f.put("attempts", "10");
        assertEquals(10, ActivitySettings.parse(f::get, BOTH).settings().attemptLimit());
        for (String bad : new String[] {"0", "11", "-1", "two", "", "1000000000000"}) {
            f.put("attempts", bad);
            ActivitySettings.Parsed p = ActivitySettings.parse(f::get, BOTH);
            assertNull(p.settings(), bad);
            assertEquals(Map.of("attempts", "dl.error.attempts"), p.form().errors(), bad);
        }
    }

    @Test
    void sendsNoPresentationWhenThePlatformAcceptsNeitherFrameNorWindow() {
        ActivitySettings s =
                parse("A", "10", "BEST", "", EnumSet.noneOf(Presentation.class)).settings();
        assertNull(s.presentation());
        assertEquals(
                "dl.error.presentation",
                parse("A", "10", "BEST", "iframe", EnumSet.noneOf(Presentation.class))
                        .form()
                        .errors()
                        .get("presentation"));
    }

    @ParameterizedTest(name = "points={0}")
    @CsvSource({
        "0, dl.error.pointsRange",
        "-1, dl.error.pointsRange",
        "1000.01, dl.error.pointsRange",
        "0.001, dl.error.pointsRange",
        "1e3x, dl.error.pointsNotNumber",
        "NaN, dl.error.pointsNotNumber",
        "'', dl.error.pointsNotNumber"
    })
    void refusesPointsOutsideWhatAGradebookColumnTakes(String points, String key) {
        ActivitySettings.Parsed p = parse("A", points, "BEST", "iframe", BOTH);
        assertNull(p.settings());
        assertEquals(Map.of("points", key), p.form().errors());
        assertEquals(points.strip(), p.form().values().get("points"), "the form shows what was typed");
    }

    @Test
    void refusesATitleWithALineBreakOrTooLong() {
        assertEquals(
                "dl.error.titleTooLong",
                parse("a\nb", "10", "BEST", "iframe", BOTH).form().errors().get("title"));
        assertEquals(
                "dl.error.titleTooLong",
                parse("x".repeat(256), "10", "BEST", "iframe", BOTH)
                        .form()
                        .errors()
                        .get("title"));
        assertTrue(parse("x".repeat(255), "10", "BEST", "iframe", BOTH).form().valid());
    }

    @Test
    void reportsEveryWrongFieldAtOnce() {
        ActivitySettings.Parsed p = parse(null, null, null, null, BOTH);
        assertEquals(
                Set.of("title", "points", "policy", "presentation"),
                p.form().errors().keySet());
    }
}
