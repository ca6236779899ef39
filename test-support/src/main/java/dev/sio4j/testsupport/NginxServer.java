// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real nginx (Debian's package, which {@code .ci/run} installs) started by a test in front of
 * servers of the test: the test gives the {@code http} block's content, this class adds what
 * lets nginx run unprivileged in a temporary directory of its own (pid, logs to stderr, temp
 * paths) and a free loopback port, available as {@code {{port}}} in the content.
 *
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.start("""
 *         upstream chat { hash $remote_addr consistent; server 127.0.0.1:%d; server 127.0.0.1:%d; }
 *         server { listen 127.0.0.1:{{port}}; location / { proxy_pass http://chat; } }
 *         """.formatted(a, b))) {
 *     URI uri = URI.create("http://127.0.0.1:" + nginx.port() + "/");
 * }
 * }</pre>
 *
 * <p>Not thread-safe: driven by one test thread. {@link #close()} stops nginx and deletes its
 * directory.
 */
public final class NginxServer implements AutoCloseable {

    /** Where Debian puts nginx; {@code -Dsio4j.nginx=...} points elsewhere. */
    public static final String EXECUTABLE = System.getProperty("sio4j.nginx", "/usr/sbin/nginx");

    private final int port;
    private final Path dir;
    private final ChildProcess process;

    private NginxServer(int port, Path dir, ChildProcess process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts nginx with {@code httpBlock} inside its {@code http {}} block, {@code {{port}}}
     * replaced by a free loopback port; returns when that port accepts connections.
     */
    public static NginxServer start(String httpBlock) {
        if (!Files.isExecutable(Path.of(EXECUTABLE))) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's nginx (.ci/run does)");
        }
        int port = freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("sio4j-nginx");
            Files.writeString(dir.resolve("nginx.conf"), config(dir, httpBlock.replace("{{port}}", Integer.toString(port))),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess p = ChildProcess.start("nginx-" + port, List.of(EXECUTABLE, "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", "stderr"));
        NginxServer server = new NginxServer(port, dir, p);
        try {
            await().atMost(ChildProcess.WAIT).ignoreExceptions().until(() -> accepts(port));
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("nginx did not start: " + p.errorLines(), e);
        }
        return server;
    }

    /**
     * An http block for a rolling deploy (docs/OPERATIONS.md): every request goes to the node
     * {@code inService} while it answers; a 503 (a drain refusing a handshake, or a request for a
     * session it does not hold) or a refused connection sends the request to {@code next}. For
     * {@link #start(String)}.
     */
    public static String failoverHttpBlock(int inService, int next) {
        return """
                upstream sio_nodes {
                    server 127.0.0.1:%d max_fails=1 fail_timeout=30s;
                    server 127.0.0.1:%d backup;
                }
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://sio_nodes;
                        proxy_next_upstream error timeout http_503 non_idempotent;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
                        proxy_read_timeout 75s;
                    }
                }
                """.formatted(inService, next);
    }

    private static String config(Path dir, String httpBlock) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr notice;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, httpBlock);
    }

    private static boolean accepts(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port nginx listens on. */
    public int port() {
        return port;
    }

    /** What nginx printed on stderr so far (for failure messages). */
    public List<String> errorLines() {
        return process.errorLines();
    }

    /** Stops nginx and deletes its directory. */
    @Override
    public void close() {
        process.close();
        // SIGKILL'd: what it printed is read to the end
        process.awaitExit();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
