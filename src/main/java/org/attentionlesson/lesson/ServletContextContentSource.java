package org.attentionlesson.lesson;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.lesson.content.ContentSource;

/** Content packed into the WAR (the pom copies {@code content/} to {@code WEB-INF/classes/content/}). */
public final class ServletContextContentSource implements ContentSource {
    public static final String ROOT = "/WEB-INF/classes/content/";

    private final ServletContext context;
    private final String root;

    public ServletContextContentSource(ServletContext context) {
        this(context, ROOT);
    }

    public ServletContextContentSource(ServletContext context, String root) {
        this.context = context;
        this.root = root.endsWith("/") ? root : root + "/";
    }

    @Override
    public List<String> list(String dir) {
        String prefix = root + clean(dir);
        if (!prefix.endsWith("/")) {
            prefix += "/";
        }
        Set<String> paths = context.getResourcePaths(prefix);
        if (paths == null) {
            return List.of();
        }
        String base = prefix;
        return paths.stream()
                .filter(p -> p.startsWith(base) && p.length() > base.length())
                .map(p -> p.substring(base.length()))
                .sorted()
                .toList();
    }

    @Override
    public Optional<String> read(String path) {
        String full = root + clean(path);
        try (InputStream in = context.getResourceAsStream(full)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read content file " + full, e);
        }
    }

    private static String clean(String relative) {
        String r = relative.startsWith("/") ? relative.substring(1) : relative;
        if (r.contains("..")) {
            throw new IllegalArgumentException("Content path escapes the content root: " + relative);
        }
        return r;
    }
}
