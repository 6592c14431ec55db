package org.attentionlesson.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A tool node in a separate JVM ({@link NodeMain}) with the test's class path: the packaged WAR on Tomcat with the
 * given context parameters. {@link #kill()} is a real SIGKILL ({@link Process#destroyForcibly()}): no shutdown
 * hook, no lease released, no outcome written, exactly like a node that loses its power. Its output goes to
 * {@code node.log} in a temporary directory (printed on failure to start), which is also the node JVM's
 * {@code java.io.tmpdir} (so its Tomcat base folder lands there even when it is killed) and is removed by
 * {@link #close()}.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the node and waits until Tomcat serves the WAR (or fails with the node's log). */
    public static NodeProcess start(Map<String, String> params, Duration startTimeout) {
        int port = TomcatServer.freePort();
        try {
            Path dir = Files.createTempDirectory("attention-node-");
            Path log = dir.resolve("node.log");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-XX:TieredStopAtLevel=1", // a small, quickly started JVM on a shared machine
                    "-Djava.io.tmpdir=" + dir,
                    "-cp",
                    System.getProperty("java.class.path"),
                    NodeMain.class.getName(),
                    TomcatServer.warFile().toString(),
                    String.valueOf(port)));
            params.forEach((k, v) -> cmd.add(k + "=" + v));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread pump = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                out.println(line);
                                if (line.startsWith("READY ")) {
                                    ready.complete(null);
                                }
                            }
                        } catch (IOException e) {
                            // the process is gone
                        } finally {
                            ready.completeExceptionally(
                                    new IllegalStateException("the node exited before it was ready"));
                        }
                    },
                    "node-output-" + port);
            pump.setDaemon(true);
            pump.start();
            NodeProcess node = new NodeProcess(p, port, log);
            try {
                ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                node.kill();
                String tail;
                // the log is read before the folder goes
                try {
                    List<String> lines = Files.readAllLines(log);
                    tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
                } catch (IOException io) {
                    tail = "(no log)";
                }
                TomcatServer.deleteRecursively(dir.toFile());
                throw new IllegalStateException("The node on port " + port + " did not start: " + e + "\n" + tail, e);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, then waits until the process is gone; returns its exit status (137 on Linux). */
    public int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + process.pid() + " still running after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /**
     * Stops the node if it still runs (closing its stdin lets it shut down; killed after a grace period), then
     * removes its temporary folder (the log, and the node's Tomcat base folder if it was killed).
     */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            TomcatServer.deleteRecursively(log.getParent().toFile());
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (process.waitFor(20, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // fall through to the kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }
}
