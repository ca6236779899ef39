// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.jmh;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Crowd;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Target;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code io.emit("message", ...)} to 1,000 WebSocket clients, end to end: a real sio4j
 * server on loopback in this JVM and the bench driver's 1,000 peers (one event loop, which
 * allocates nothing per message), each operation being one broadcast until the last client has
 * it. With {@code -prof gc} the allocation per operation is, in practice, the server's for one
 * broadcast to 1,000 targets (divide by 1,000 for a delivery).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class BroadcastBenchmark {

    /** Clients the broadcast goes to. */
    @Param({"1000"})
    public int targets;

    private SocketIoServer io;
    private Connector connector;
    private Crowd crowd;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;
    private final String payload = "#0,0," + "x".repeat(58);

    /** Starts the server and connects the clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        io = SocketIoServer.create(ServerOptions.builder().build());
        InetSocketAddress bound = io.listen("127.0.0.1", 0);
        connector = new Connector(new Target("127.0.0.1", bound.getPort(), Peer.Mode.SOCKET_IO, "/"), 1);
        Peer.Listener count = (peer, packet) -> {
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        };
        crowd = Crowd.open(targets, 200, i -> new Peer(i, Peer.Mode.SOCKET_IO, "/", count), connector::open);
        if (crowd.failures() > 0) {
            throw new IllegalStateException("clients failed: " + crowd.firstFailure());
        }
    }

    /** Closes the clients and the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        crowd.close();
        connector.close();
        io.closeAsync().get(10, TimeUnit.SECONDS);
    }

    /** One broadcast, until every client has it. */
    @Benchmark
    public void emitToAll() {
        waiter = Thread.currentThread();
        remaining.set(targets);
        io.emit("message", payload);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (remaining.get() > 0) {
            LockSupport.parkNanos(this, 100_000);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(remaining.get() + " clients did not get the broadcast");
            }
        }
    }
}
