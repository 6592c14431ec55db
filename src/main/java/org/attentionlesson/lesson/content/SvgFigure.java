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
            new Forbidden(Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
                    "must not use style= attributes (the page's CSP forbids inline style)"),
            new Forbidden(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
                    "must not use on...= event attributes"),
            new Forbidden(Pattern.compile("href\\s*=\\s*[\"']\\s*(https?:|//|javascript:)", Pattern.CASE_INSENSITIVE),
                    "must not link outside the page (href=\"http...\")"),
            new Forbidden(Pattern.compile("<foreignObject", Pattern.CASE_INSENSITIVE),
                    "must not contain <foreignObject>"),
            new Forbidden(Pattern.compile("<!DOCTYPE|<!ENTITY", Pattern.CASE_INSENSITIVE),
                    "must not declare a DOCTYPE or entities"));

    private static final Pattern ROOT = Pattern.compile("<svg\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROLOG = Pattern.compile("^\\s*<\\?xml[^>]*\\?>\\s*");

    private SvgFigure() {
    }

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
        }
        return problems.count() == before ? Optional.of(markup) : Optional.empty();
    }

    private record Forbidden(Pattern pattern, String message) {
    }
}
