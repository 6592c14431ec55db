package org.attentionlesson.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database's folder, which holds the tool's private keys and the launch-token secret: the folder
 * is {@code 0700} and every file in it {@code 0600}, owned by the user Tomcat runs as. It is created that way; at
 * each start anything wider is tightened with one warning line, and when it cannot be tightened (another owner,
 * a read-only mount) the tool refuses to start rather than run with its secrets readable by others.
 */
public final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {}

    /** Creates {@code dir} as {@code 0700}, or tightens it and its files; before the database opens. */
    public static void prepare(Path dir) {
        if (!posix()) {
            log.warn(
                    "The file system of {} has no POSIX permissions: restrict the folder to Tomcat's user yourself",
                    dir);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
            }
            return;
        }
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            tighten(dir);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot create the data directory " + dir + " with mode 0700: " + e.getMessage(), e);
        }
    }

    /** Sets the folder to 0700 and each file in it to 0600, warning once for anything that was wider. */
    public static void tighten(Path dir) {
        tighten(dir, true);
    }

    /**
     * Right after the database opened: the files it has just created (a new data folder) get 0600 without a warning,
     * since H2 creates them with the process's umask; files that were there before were checked by {@link #prepare}.
     */
    public static void tightenNewFiles(Path dir) {
        tighten(dir, false);
    }

    private static void tighten(Path dir, boolean warn) {
        if (!posix() || !Files.isDirectory(dir)) {
            return;
        }
        try {
            fix(dir, DIRECTORY, warn);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        fix(f, FILE, warn);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The data directory " + dir + " holds the tool's private keys and is readable "
                            + "by other users, and its mode could not be set to 0700 (files 0600): " + e.getMessage()
                            + ". Make Tomcat's user its owner (chown) or fix the modes, then start again.",
                    e);
        }
    }

    private static void fix(Path p, Set<PosixFilePermission> wanted, boolean warn) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(wanted)) {
            Files.setPosixFilePermissions(p, wanted);
            if (!warn) {
                log.debug("{} created as {}: set to {}", p, PosixFilePermissions.toString(now), wanted);
            } else if (!wanted.containsAll(now)) {
                log.warn(
                        "{} was {}, wider than {}: tightened (it holds the tool's keys)",
                        p,
                        PosixFilePermissions.toString(now),
                        PosixFilePermissions.toString(wanted));
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
