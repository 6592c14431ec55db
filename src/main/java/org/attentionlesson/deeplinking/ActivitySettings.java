package org.attentionlesson.deeplinking;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.attentionlesson.grading.GradePolicy;
import org.attentionlesson.grading.GradingSettings;

/**
 * What the instructor chose in the picker: the title the course shows, the points the gradebook column is out of
 * ({@code lineItem.scoreMaximum}), which attempt counts, how many attempts a learner may start (null: unlimited), and
 * how the activity opens (null: the platform decides, when it accepts neither a frame nor a window).
 */
public record ActivitySettings(
        String title, double points, GradePolicy policy, Integer attemptLimit, Presentation presentation) {
    /** The form value of "unlimited attempts". */
    public static final String UNLIMITED = "unlimited";

    public static final String DEFAULT_TITLE = "Attention and transformers, in brief";
    public static final double DEFAULT_POINTS = 10;
    public static final int MAX_TITLE = 255;
    public static final BigDecimal MAX_POINTS = new BigDecimal("1000");

    /** The form's fields, as sent, plus a message-bundle key per field that is wrong. */
    public record Form(Map<String, String> values, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Either valid settings or the form to show again with its errors. */
    public record Parsed(ActivitySettings settings, Form form) {}

    /** The picker's first view: the platform's suggested title if any, else the lesson's. */
    public static Form defaults(DeepLinkingSettings request, Set<Presentation> offered) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(
                "title",
                request.title() != null && request.title().length() <= MAX_TITLE ? request.title() : DEFAULT_TITLE);
        v.put("points", "10");
        v.put("policy", GradePolicy.DEFAULT.name());
        v.put("attempts", UNLIMITED);
        v.put(
                "presentation",
                offered.contains(Presentation.IFRAME)
                        ? Presentation.IFRAME.wire()
                        : offered.contains(Presentation.WINDOW) ? Presentation.WINDOW.wire() : "");
        return new Form(v, Map.of());
    }

    /** Checks the submitted fields; {@code offered} is what the platform accepts of iframe and window. */
    public static Parsed parse(Function<String, String> param, Set<Presentation> offered) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();

        String title = param.apply("title") == null ? "" : param.apply("title").strip();
        v.put("title", title);
        if (title.isEmpty()) {
            errors.put("title", "dl.error.titleMissing");
        } else if (title.length() > MAX_TITLE || title.chars().anyMatch(Character::isISOControl)) {
            errors.put("title", "dl.error.titleTooLong");
        }

        String pointsText =
                param.apply("points") == null ? "" : param.apply("points").strip();
        v.put("points", pointsText);
        BigDecimal points = null;
        try {
            points = pointsText.length() > 20 ? null : new BigDecimal(pointsText);
        } catch (NumberFormatException e) {
            points = null;
        }
        if (points == null) {
            errors.put("points", "dl.error.pointsNotNumber");
        } else if (points.signum() <= 0 || points.compareTo(MAX_POINTS) > 0 || points.scale() > 2) {
            // AGS 2.0 §3.2.7: scoreMaximum must be a number greater than 0.
            errors.put("points", "dl.error.pointsRange");
        }

        String policyText =
                param.apply("policy") == null ? "" : param.apply("policy").strip();
        v.put("policy", policyText.toUpperCase(java.util.Locale.ROOT));
        GradePolicy policy = GradePolicy.parse(policyText).orElse(null);
        if (policy == null) {
            errors.put("policy", "dl.error.policy");
        }

        // Absent means unlimited (the default), so a form from before this setting still adds the activity.
        String attemptsText = param.apply("attempts") == null
                ? UNLIMITED
                : param.apply("attempts").strip();
        v.put("attempts", attemptsText);
        Integer attemptLimit = null;
        if (!attemptsText.equalsIgnoreCase(UNLIMITED)) {
            try {
                attemptLimit = attemptsText.length() > 3 ? -1 : Integer.parseInt(attemptsText);
            } catch (NumberFormatException e) {
                attemptLimit = -1;
            }
            if (!GradingSettings.validLimit(attemptLimit)) {
                errors.put("attempts", "dl.error.attempts");
            }
        }

        String presentationText = param.apply("presentation") == null
                ? ""
                : param.apply("presentation").strip();
        v.put("presentation", presentationText);
        Presentation presentation = null;
        if (offered.isEmpty()) {
            if (!presentationText.isEmpty()) {
                errors.put("presentation", "dl.error.presentation");
            }
        } else {
            presentation = Presentation.fromWire(presentationText)
                    .filter(offered::contains)
                    .orElse(null);
            if (presentation == null) {
                errors.put("presentation", "dl.error.presentation");
            }
        }

        if (!errors.isEmpty()) {
            return new Parsed(null, new Form(v, errors));
        }
        return new Parsed(
                new ActivitySettings(title, points.doubleValue(), policy, attemptLimit, presentation),
                new Form(v, Map.of()));
    }
}
