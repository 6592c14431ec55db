package org.attentionlesson.lesson.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryContentSourceTest {

    @TempDir
    Path root;

    @Test
    void listsChildNamesWithATrailingSlashOnFolders() throws IOException {
        Files.createDirectories(root.resolve("lessons/one/figures"));
        Files.writeString(root.resolve("lessons/one/lesson.md"), "x");
        DirectoryContentSource source = new DirectoryContentSource(root);
        assertEquals(List.of("one/"), source.list("lessons"));
        assertEquals(List.of("figures/", "lesson.md"), source.list("lessons/one"));
        assertEquals(List.of(), source.list("nowhere"));
    }

    @Test
    void readsFilesAndReportsMissingOnesAsEmpty() throws IOException {
        Files.writeString(root.resolve("a.txt"), "héllo");
        DirectoryContentSource source = new DirectoryContentSource(root);
        assertEquals(Optional.of("héllo"), source.read("a.txt"));
        assertTrue(source.read("b.txt").isEmpty());
    }

    @Test
    void refusesPathsThatLeaveTheContentRoot() {
        DirectoryContentSource source = new DirectoryContentSource(root);
        assertThrows(IllegalArgumentException.class, () -> source.read("../etc/passwd"));
    }
}
