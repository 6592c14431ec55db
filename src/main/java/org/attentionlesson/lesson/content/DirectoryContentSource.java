package org.attentionlesson.lesson.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads content from a folder on disk, such as the project's {@code content/} folder. */
public final class DirectoryContentSource implements ContentSource {

    private final Path root;

    public DirectoryContentSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> list(String dir) {
        Path folder = resolve(dir);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(child -> child.getFileName().toString() + (Files.isDirectory(child) ? "/" : ""))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list content folder " + folder, e);
        }
    }

    @Override
    public Optional<String> read(String path) {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read content file " + file, e);
        }
    }

    private Path resolve(String relative) {
        Path resolved = root.resolve(relative.startsWith("/") ? relative.substring(1) : relative)
                .normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("Content path escapes the content root: " + relative);
        }
        return resolved;
    }
}
