// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Target;
import dev.sio4j.server.Ack;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Socket.IO connection set up and torn down, end to end: a real sio4j server on loopback in
 * this JVM, whose connection handler registers listeners as the chat example does (six events
 * and "disconnect"), and one bench driver peer per operation (WebSocket, Engine.IO handshake,
 * namespace CONNECT, then close until the server has seen the disconnect). With
 * {@code -prof gc} the allocation per operation is the server's for one connection's life plus
 * the driver's for one peer (constant across server changes), so it tracks what the handshake
 * and connect path of the server allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ConnectBenchmark {

    private static final Peer.Listener IGNORE = (peer, packet) -> { };

    private SocketIoServer io;
    private Connector connector;
    /** A permit per socket the server has seen disconnect. */
    private final Semaphore disconnected = new Semaphore(0);
    private int next;

    /** Starts the server. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(socket -> {
            for (String event : List.of("message", "privateMessage", "joinRoom", "roomMessage", "subscribe", "who")) {
                socket.onArgs(event, (List<JsonNode> args, Ack ack) -> { });
            }
            socket.on("disconnect", (JsonNode reason) -> disconnected.release());
        });
        InetSocketAddress bound = io.listen("127.0.0.1", 0);
        connector = new Connector(new Target("127.0.0.1", bound.getPort(), Peer.Mode.SOCKET_IO, "/"), 1);
    }

    /** Closes the driver and the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        connector.close();
        io.closeAsync().get(10, TimeUnit.SECONDS);
    }

    /** One peer connected to the main namespace, then closed until the server has let it go. */
    @Benchmark
    public void connectAndClose() throws Exception {
        Peer peer = connector.open(new Peer(next++, Peer.Mode.SOCKET_IO, "/", IGNORE)).get(10, TimeUnit.SECONDS);
        peer.close();
        if (!disconnected.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not see the disconnect within 10 s");
        }
    }
}
