package org.attentionlesson.lti;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /lti-config/<file>}: the files of the repository's {@code lti-config/} folder with this tool's base URL
 * filled in, so an admin can paste them into an LMS as they are. A test keeps the repository copies equal to these.
 */
public final class ToolConfigurationServlet extends HttpServlet {
    public static final String CANVAS_KEY = "canvas-developer-key.json";
    public static final String GENERIC = "tool-configuration.json";
    public static final String MOODLE = "moodle.md";
    /** The set-up guides, {@code <name>.md} for each of {@link SetupGuides#NAMES}. */
    public static final String GUIDE_SUFFIX = ".md";

    public static final String LOGO = "logo.svg";

    private final ToolConfiguration tool;
    private final Templates templates;

    public ToolConfigurationServlet(ToolConfiguration tool, Templates templates) {
        this.tool = tool;
        this.templates = templates;
    }

    /** The text of one configuration file, as served and as kept in {@code lti-config/}. */
    public static String render(String file, ToolConfiguration tool, Templates templates) {
        return switch (file) {
            case CANVAS_KEY -> json(tool.canvasDeveloperKey());
            case GENERIC -> json(tool.genericConfiguration());
            default -> {
                String guide =
                        file.endsWith(GUIDE_SUFFIX) ? file.substring(0, file.length() - GUIDE_SUFFIX.length()) : "";
                if (!SetupGuides.exists(guide)) {
                    throw ToolException.notFound("NOT_FOUND", "There is no configuration file with that name.");
                }
                yield SetupGuides.markdown(guide, tool, templates);
            }
        };
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String file = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        if (file.equals(LOGO)) {
            try (InputStream in =
                    ToolConfigurationServlet.class.getResourceAsStream("/templates/registration/logo.svg")) {
                resp.setContentType("image/svg+xml");
                resp.setHeader("Cache-Control", "public, max-age=86400");
                resp.setHeader("Access-Control-Allow-Origin", "*");
                in.transferTo(resp.getOutputStream());
            }
            return;
        }
        String body = render(file, tool, templates);
        resp.setContentType((file.endsWith(".json") ? "application/json" : "text/markdown") + ";charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
