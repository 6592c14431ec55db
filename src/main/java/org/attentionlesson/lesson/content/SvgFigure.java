package org.attentionlesson.lesson.content;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a figure's SVG before it is inlined into the lesson page. The page's CSP forbids inline style
 * and the SVG is trusted markup, so anything that could run code, restyle the page, or load from
 * elsewhere is refused.
 */
final class SvgFigure {

    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden(Pattern.compile("<script", Pattern.CASE_INSENSITIVE), "must not contain <script>"),
            new Forbidden(Pattern.compile("<style", Pattern.CASE_INSENSITIVE), "must not contain a <style> element"),
            new Forbidden(
                    Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
                    "must not use style= attributes (the page's CSP forbids inline style)"),
            new Forbidden(
                    Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
                    "must not use on...= event attributes"),
            new Forbidden(
                    Pattern.compile("href\\s*=\\s*[\"']\\s*(https?:|//|javascript:)", Pattern.CASE_INSENSITIVE),
                    "must not link outside the page (href=\"http...\")"),
            new Forbidden(
                    Pattern.compile("<foreignObject", Pattern.CASE_INSENSITIVE), "must not contain <foreignObject>"),
            new Forbidden(
                    Pattern.compile("<!DOCTYPE|<!ENTITY", Pattern.CASE_INSENSITIVE),
                    "must not declare a DOCTYPE or entities"),
            // The page's themes (light, dark) colour a figure through currentColor; a fixed colour would keep
            // its value in the other theme and lose contrast there.
            new Forbidden(
                    Pattern.compile(
                            "\\s(fill|stroke|color|stop-color)\\s*=\\s*[\"'](?!currentColor[\"']|none[\"'])",
                            Pattern.CASE_INSENSITIVE),
                    "must colour with currentColor or none only (fixed colours break the dark theme)"));

    /** Smallest text a figure may carry, in viewBox units; with {@link #MIN_TEXT_PX} it sets the figure's width. */
    static final double MIN_FONT_UNITS = 11;
    /** The smallest rendered text size (CSS px) a figure keeps on a narrow screen, by panning instead of shrinking. */
    static final double MIN_TEXT_PX = 12;
    /** Width classes ({@code fig-w-N}, N × 2.5 rem) the stylesheet defines. */
    static final int MIN_WIDTH_STEP_PX = 40;

    static final int MAX_WIDTH_STEPS = 24;

    private static final Pattern VIEWBOX =
            Pattern.compile("viewBox\\s*=\\s*\"\\s*[-\\d.]+[\\s,]+[-\\d.]+[\\s,]+([\\d.]+)");
    private static final Pattern FONT_SIZE = Pattern.compile("font-size\\s*=\\s*\"([\\d.]+)\"");

    private static final Pattern ROOT = Pattern.compile("<svg\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROLOG = Pattern.compile("^\\s*<\\?xml[^>]*\\?>\\s*");

    private SvgFigure() {}

    /** The SVG markup ready to inline, or empty after recording what is wrong with it. */
    static Optional<String> check(String svg, Problems problems) {
        int before = problems.count();
        String markup = PROLOG.matcher(svg).replaceFirst("").strip();
        for (Forbidden rule : FORBIDDEN) {
            if (rule.pattern().matcher(markup).find()) {
                problems.add("", rule.message());
            }
        }
        Matcher root = ROOT.matcher(markup);
        if (!markup.startsWith("<svg") || !root.find() || !markup.endsWith("</svg>")) {
            problems.add("", "must be a single <svg> element");
        } else {
            String attributes = root.group(1);
            if (!attributes.matches("(?s).*\\srole\\s*=\\s*\"img\".*")) {
                problems.add("svg", "needs role=\"img\"");
            }
            if (!attributes.matches("(?s).*\\sviewBox\\s*=.*")) {
                problems.add("svg", "needs a viewBox");
            }
            if (attributes.matches("(?s).*\\s(width|height)\\s*=.*")) {
                problems.add("svg", "must not set a fixed width or height (use viewBox only)");
            }
            if (!markup.matches("(?s).*<title[^>]*>\\s*\\S.*?</title>.*")) {
                problems.add("svg", "needs a non-empty <title>");
            }
            if (!markup.matches("(?s).*<desc[^>]*>\\s*\\S.*?</desc>.*")) {
                problems.add("svg", "needs a non-empty <desc>");
            }
            Matcher fonts = FONT_SIZE.matcher(markup);
            while (fonts.find()) {
                if (Double.parseDouble(fonts.group(1)) < MIN_FONT_UNITS) {
                    problems.add(
                            "svg",
                            "font-size " + fonts.group(1) + " is below the smallest allowed, " + (int) MIN_FONT_UNITS);
                }
            }
            if (!VIEWBOX.matcher(markup).find()) {
                problems.add("svg", "viewBox must read \"x y width height\"");
            } else if (widthSteps(markup) > MAX_WIDTH_STEPS) {
                problems.add("svg", "is too wide for its smallest text: make the text larger or the viewBox narrower");
            }
        }
        return problems.count() == before ? Optional.of(markup) : Optional.empty();
    }

    /**
     * How many {@link #MIN_WIDTH_STEP_PX} steps wide the figure must render for its smallest text to reach
     * {@link #MIN_TEXT_PX}: on a narrow screen the stylesheet keeps it that wide and lets it pan.
     */
    static int widthSteps(String markup) {
        Matcher box = VIEWBOX.matcher(markup);
        if (!box.find()) {
            return 0;
        }
        double width = Double.parseDouble(box.group(1));
        double smallest = Double.MAX_VALUE;
        Matcher fonts = FONT_SIZE.matcher(markup);
        while (fonts.find()) {
            smallest = Math.min(smallest, Double.parseDouble(fonts.group(1)));
        }
        if (smallest == Double.MAX_VALUE) {
            return 0;
        }
        return (int) Math.ceil(width * MIN_TEXT_PX / smallest / MIN_WIDTH_STEP_PX);
    }

    /** The figure's title ({@code <title>}) as plain text. */
    static String title(String markup) {
        Matcher m = Pattern.compile("(?s)<title[^>]*>(.*?)</title>").matcher(markup);
        return m.find() ? m.group(1).strip().replaceAll("\\s+", " ") : "";
    }

    /** The id of the figure's {@code <title>}, or empty when it has none. */
    static String titleId(String markup) {
        Matcher m = Pattern.compile("<title[^>]*\\sid=\"([A-Za-z][\\w-]*)\"").matcher(markup);
        return m.find() ? m.group(1) : "";
    }

    private record Forbidden(Pattern pattern, String message) {}
}
