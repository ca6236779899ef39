// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a test server, so that a test can cut every connection at once
 * ({@link #cutAll()}): what socket.io-client's suite does with {@code socket.io.engine.close()},
 * seen by the client as a dropped network, whatever the server is. {@link #target(int)} sends new
 * connections elsewhere, as a load balancer moving a client to another node of a cluster.
 *
 * <pre>{@code
 * TcpProxy proxy = new TcpProxy(nodeA.getPort());   // the client connects to proxy.port()
 * proxy.target(nodeB.getPort());
 * proxy.cutAll();                                   // the client reconnects, to node B
 * }</pre>
 *
 * <p>Test support; thread-safe. Two daemon threads copy each connection's bytes.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private volatile int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** A proxy on a free loopback port to {@code targetPort} on the loopback address. */
    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "proxy-accept");
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted from now on go to {@code port}; open ones stay where they are. */
    public void target(int port) {
        this.targetPort = port;
    }

    /** Closes every connection open now (both sides); new ones are accepted as before. */
    public void cutAll() {
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    /** Stops accepting and cuts every connection. */
    @Override
    public void close() {
        close(listener);
        cutAll();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client = null;
            try {
                client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                Socket c = client;
                daemon(() -> pump(c, server), "proxy-up");
                daemon(() -> pump(server, c), "proxy-down");
            } catch (IOException e) {
                // listener closed, or the server refused: the client sees a closed connection
                if (client != null) {
                    close(client);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
