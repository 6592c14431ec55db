package org.attentionlesson.lesson.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * Renders a lesson's markdown body. Raw HTML is refused (and escaped, should any slip through); the only
 * markup injected is a figure's SVG in place of a paragraph that reads {@code ::figure name}.
 */
final class LessonBody {

    static final Pattern DIRECTIVE_LINE = Pattern.compile("^::figure\\b(.*)$", Pattern.MULTILINE);
    private static final Pattern FIGURE_NAME = Pattern.compile("\\s+([a-z0-9]+(?:-[a-z0-9]+)*)\\s*");
    private static final Pattern FIGURE_PARAGRAPH = Pattern.compile("<p>::figure ([a-z0-9-]+)</p>");

    private static final Parser PARSER =
            Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    private static final TextContentRenderer TEXT =
            TextContentRenderer.builder().build();

    private LessonBody() {}

    record Rendered(String bodyHtml, String introHtml, List<Section> sections) {}

    /** The figure names the body asks for, in order; malformed directives are recorded as problems. */
    static Set<String> figureNames(String body, int firstLine, Problems problems) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = DIRECTIVE_LINE.matcher(body);
        while (m.find()) {
            Matcher name = FIGURE_NAME.matcher(m.group(1));
            if (name.matches()) {
                names.add(name.group(1));
            } else {
                problems.add(
                        "body",
                        "line " + lineOf(body, m.start(), firstLine) + ": '"
                                + m.group().strip() + "' should read '::figure name' (a-z, 0-9, '-')");
            }
        }
        return names;
    }

    static Rendered render(String body, int firstLine, Map<String, String> figures, Problems problems) {
        Node document = PARSER.parse(body);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock html) {
                rawHtml(html);
            }

            @Override
            public void visit(HtmlInline html) {
                rawHtml(html);
            }

            private void rawHtml(Node node) {
                Node block = node;
                while (block.getSourceSpans().isEmpty() && block.getParent() != null) {
                    block = block.getParent();
                }
                List<SourceSpan> spans = block.getSourceSpans();
                String where = spans.isEmpty() ? "" : "line " + (spans.get(0).getLineIndex() + firstLine) + ": ";
                problems.add("body", where + "raw HTML is not allowed in lesson markdown");
            }
        });

        HtmlRenderer renderer = HtmlRenderer.builder()
                .escapeHtml(true)
                .sanitizeUrls(true)
                .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                    if (node instanceof Heading heading && heading.getLevel() == 2) {
                        attributes.put("id", slug(TEXT.render(heading)));
                    }
                })
                .build();
        Function<String, String> withFigures = html -> inlineFigures(html, figures);

        StringBuilder intro = new StringBuilder();
        List<Section> sections = new ArrayList<>();
        Heading current = null;
        StringBuilder sectionHtml = new StringBuilder();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == 2) {
                if (current != null) {
                    sections.add(section(current, withFigures.apply(sectionHtml.toString())));
                }
                current = heading;
                sectionHtml = new StringBuilder();
            } else if (current == null) {
                intro.append(renderer.render(node));
            } else {
                sectionHtml.append(renderer.render(node));
            }
        }
        if (current != null) {
            sections.add(section(current, withFigures.apply(sectionHtml.toString())));
        }
        String bodyHtml = withFigures.apply(renderer.render(document));
        if (FIGURE_PARAGRAPH.matcher(bodyHtml).replaceAll("").contains("::figure")) {
            problems.add("body", "a '::figure name' line must stand alone, with a blank line before and after it");
        }
        return new Rendered(bodyHtml, withFigures.apply(intro.toString()), sections);
    }

    private static Section section(Heading heading, String html) {
        String title = TEXT.render(heading).strip();
        return new Section(slug(title), title, html);
    }

    private static String inlineFigures(String html, Map<String, String> figures) {
        Matcher m = FIGURE_PARAGRAPH.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String svg = figures.get(m.group(1));
            String replacement = svg == null ? m.group() : figure(svg);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A figure as the page shows it: the SVG in a pane that keeps it wide enough for legible text on a narrow
     * screen (it pans sideways there instead of shrinking; the page itself never scrolls sideways). The pane is
     * named by the SVG's title; the page shows the SVG's description as text under it (frame.js).
     */
    private static String figure(String svg) {
        String titleId = SvgFigure.titleId(svg);
        String name = titleId.isEmpty()
                ? " aria-label=\"" + SvgFigure.title(svg).replace("\"", "&quot;") + "\""
                : " aria-labelledby=\"" + titleId + "\"";
        return "<figure class=\"lesson-figure\"><div class=\"figure-pan fig-w-" + SvgFigure.widthSteps(svg)
                + "\" tabindex=\"0\" role=\"group\"" + name + ">" + svg + "</div></figure>";
    }

    static String slug(String title) {
        String slug =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "section" : slug;
    }

    private static int lineOf(String text, int offset, int firstLine) {
        int line = firstLine;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
