package org.attentionlesson.lti;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.web.Templates;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The set-up guides for LMS admins: Markdown templates ({@code templates/guides/*.md.ftl}) filled in with this tool's
 * own addresses. Served raw as {@code /lti-config/<name>.md} (the repository keeps copies in {@code lti-config/}) and
 * rendered to HTML for the admin console at {@code /admin/guides/<name>}, where every value to paste gets a copy
 * button (admin.js).
 */
public final class SetupGuides {
    /** The guides, in the order the console lists them. */
    public static final List<String> NAMES = List.of("moodle", "canvas", "dynamic", "manual");

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    // Raw HTML in the Markdown is escaped, not passed through: the guides are text, and values are filled in.
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> new CopyMarks())
            .build();

    private SetupGuides() {}

    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** The guide's Markdown with this tool's values filled in. */
    public static String markdown(String name, ToolConfiguration tool, Templates templates) {
        if (!exists(name)) {
            throw new IllegalArgumentException("no guide " + name);
        }
        return templates.render(
                "guides/" + name + ".md.ftl",
                Map.of(
                        "tool", tool,
                        "title", ToolConfiguration.TITLE,
                        "scopes", ToolConfiguration.SCOPES),
                Locale.ENGLISH);
    }

    /** The guide as HTML (escaped by commonmark; no raw HTML passes). */
    public static String html(String name, ToolConfiguration tool, Templates templates) {
        return RENDERER.render(PARSER.parse(markdown(name, tool, templates)));
    }

    /** The guide's first heading, for the page title. */
    public static String title(String name, ToolConfiguration tool, Templates templates) {
        for (String line : markdown(name, tool, templates).split("\n")) {
            if (line.startsWith("# ")) {
                return line.substring(2).trim();
            }
        }
        return name;
    }

    /** Marks code that holds a value an admin pastes elsewhere (a URL, a scope, a name) for a copy button. */
    private static final class CopyMarks implements AttributeProvider {
        private static final Set<String> BLOCKS = Set.of("pre");

        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Code code && copyable(code.getLiteral())) {
                attributes.put("class", "copyable");
            } else if ((node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock)
                    && BLOCKS.contains(tagName)) {
                attributes.put("class", "copyable");
            }
        }

        private static boolean copyable(String value) {
            return value.startsWith("https://")
                    || value.startsWith("http://")
                    || value.equals(ToolConfiguration.TITLE)
                    || value.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+(:\\d+)?|[a-z0-9-]+:\\d+");
        }
    }
}
