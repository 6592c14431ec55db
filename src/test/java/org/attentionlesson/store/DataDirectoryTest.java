package org.attentionlesson.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The data folder's modes and what the log says about them: a warning only for what was left wider at rest. */
class DataDirectoryTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(DataDirectory.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void listen() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(events);
    }

    private List<String> warnings() {
        return events.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void filesTheDatabaseHasJustCreatedAreTightenedWithoutAWarning(@TempDir Path root) throws Exception {
        Path data = root.resolve("data");
        DataDirectory.prepare(data);
        Path created = Files.writeString(data.resolve("attention.mv.db"), "new"); // as the umask made it
        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rw-r--r--"));
        DataDirectory.tightenNewFiles(data);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals(List.of(), warnings());
    }

    @Test
    void aFileLeftWiderBeforeStartIsTightenedWithOneWarning(@TempDir Path root) throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        Path leftover = Files.writeString(data.resolve("attention.mv.db"), "old");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        DataDirectory.prepare(data);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(leftover)));
        assertEquals(
                1,
                warnings().stream().filter(w -> w.contains("attention.mv.db")).count(),
                warnings().toString());
    }
}
