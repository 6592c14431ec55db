package org.attentionlesson.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A port an attacker might point the tool at: plain HTTP answering a web page, or TLS (a self-signed certificate
 * made by the JDK's keytool) answering the same page. Counts the connections it accepts, so a test can say the
 * tool never connected at all.
 */
final class ProbeListener implements AutoCloseable {
    enum Kind {
        HTTP,
        TLS
    }

    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final Thread thread;

    ProbeListener(Kind kind, String host) throws Exception {
        socket = kind == Kind.TLS ? tlsSocket() : new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
        thread = new Thread(this::serve, "probe-" + kind);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                in.read(buf); // the request line and headers (or a TLS failure, which ends here)
                OutputStream out = s.getOutputStream();
                byte[] page = "<html><body>An intranet page, not an LTI platform.</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + page.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(page);
                out.flush();
            } catch (IOException e) {
                // a failed handshake or a closed socket: keep listening until closed
            }
        }
    }

    private static ServerSocket tlsSocket() throws Exception {
        Path dir = Files.createTempDirectory("probe-tls-");
        Path store = dir.resolve("probe.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(
                            keytool,
                            "-genkeypair",
                            "-alias",
                            "probe",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-dname",
                            "CN=localhost",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            "changeit",
                            "-keypass",
                            "changeit")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool (from the JDK) failed: " + output);
            }
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, "changeit".toCharArray());
            }
        } finally {
            org.attentionlesson.support.TomcatServer.deleteRecursively(dir.toFile()); // the key store is loaded
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
