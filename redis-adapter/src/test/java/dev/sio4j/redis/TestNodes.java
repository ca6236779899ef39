// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.client.Ack;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.redis.internal.RedisConnections;
import dev.sio4j.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sio4j servers on port 0 clustered through one Redis with a Redis adapter each, and sio4j
 * clients connected to them. Every node's sockets join rooms on {@code "join"} (acked), answer
 * nothing else; every node records the server-side events it receives and acks
 * {@code "hello"} with its name. Waits are bounded; nothing sleeps.
 */
final class TestNodes implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Which adapter the nodes use. */
    enum Mode {
        CLASSIC, SHARDED;

        ClusterAdapterFactory factory(String uri) {
            return this == CLASSIC
                    ? RedisAdapter.classic(RedisAdapterOptions.builder(uri).requestsTimeout(Duration.ofSeconds(2)).build())
                    : RedisAdapter.sharded(ShardedRedisAdapterOptions.builder(uri).requestsTimeout(Duration.ofSeconds(2))
                            .heartbeats(true).heartbeatInterval(Duration.ofMillis(300)).heartbeatTimeout(Duration.ofSeconds(2))
                            .build());
        }
    }

    /** One server with its adapter factory. */
    static final class Node {
        final String name;
        final SocketIoServer io;
        final ClusterAdapterFactory factory;
        final int port;
        final List<String> serverSideEvents = new CopyOnWriteArrayList<>();

        Node(String name, SocketIoServer io, ClusterAdapterFactory factory, int port) {
            this.name = name;
            this.io = io;
            this.factory = factory;
            this.port = port;
        }

        ClusterAdapter adapter(String nsp) {
            return (ClusterAdapter) io.of(nsp).adapter();
        }
    }

    final List<Node> nodes = new ArrayList<>();
    private final Mode mode;
    private final RedisConnections probe;
    private final ClientRuntime runtime = ClientRuntime.create(2);
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    TestNodes(RedisServer redis, Mode mode, String... names) {
        this(redis, mode, names, name -> mode.factory(redis.uri()));
    }

    TestNodes(RedisServer redis, Mode mode, String[] names, Function<String, ClusterAdapterFactory> factories) {
        this.mode = mode;
        RedisURI uri = RedisURI.create(redis.uri());
        RedisClient client = RedisConnections.newClient(uri, Duration.ofMillis(50), Duration.ofSeconds(2));
        this.probe = RedisConnections.open(client, uri, () -> RedisConnections.shutdown(client)).orTimeout(5, TimeUnit.SECONDS).join();
        for (String name : names) {
            nodes.add(start(name, factories.apply(name)));
        }
    }

    private static Node start(String name, ClusterAdapterFactory factory) {
        SocketIoServer io = SocketIoServer.builder().adapter(factory).build();
        io.of("/chat");
        io.on("connection", socket -> {
            socket.data().put("node", name);
            socket.on("join", (JsonNode room, dev.sio4j.server.Ack ack) -> {
                socket.join(room.asText());
                ack.send(true);
            });
        });
        int port;
        try {
            port = io.listen("127.0.0.1", 0).getPort();
        } catch (java.net.BindException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Node node = new Node(name, io, factory, port);
        io.of("/").onServerSideEmit("hello", (args, ack) -> {
            node.serverSideEvents.add(args.toString());
            if (ack != null) {
                ack.send(JsonNodeFactory.instance.objectNode().put("node", name));
            }
        });
        io.ready().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return node;
    }

    Node node(int i) {
        return nodes.get(i);
    }

    /** A connected client of node {@code i}'s namespace {@code nsp}. */
    TestClient client(int i, String nsp) {
        TestClient c = TestClient.connect(URI.create("http://127.0.0.1:" + nodes.get(i).port + nsp), runtime);
        clients.add(c);
        return c;
    }

    /**
     * With the sharded adapter, waits until {@code nodes} nodes subscribe the channel of
     * {@code room} in {@code /} (a room's channel is subscribed asynchronously when it gets its
     * first member, so a broadcast sent at once might find no subscriber); nothing to wait for
     * with the classic adapter.
     */
    void awaitRoomSubscribers(String room, int nodes) {
        if (mode == Mode.SHARDED) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                    .until(() -> probe.shardNumsub("socket.io#/#" + room + "#").join() == nodes);
        }
    }

    /** The probe's connections to the cluster's Redis (counting subscribers, publishing raw messages). */
    RedisConnections probe() {
        return probe;
    }

    @Override
    public void close() {
        probe.close();
        clients.forEach(TestClient::close);
        for (Node n : nodes) {
            n.io.closeAsync().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            n.factory.close();
        }
        runtime.close();
    }

    /** A sio4j client recording every event; acks "ask" with {@code {from: id, q: arg}}. */
    static final class TestClient implements AutoCloseable {
        final Socket socket;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final Map<String, List<Object>> lastArgs = new ConcurrentHashMap<>();

        /** What happened first: "connect", or the reason the connection closed before it. */
        private final CompletableFuture<String> outcome = new CompletableFuture<>();

        private TestClient(URI uri, ClientRuntime runtime) {
            socket = IO.socket(uri, ClientOptions.builder().runtime(runtime).multiplex(false).reconnection(false)
                    .transports(ClientOptions.Transport.WEBSOCKET).build());
            socket.on("connect", () -> outcome.complete("connect"));
            socket.on("connect_error", args -> events.add("connect_error " + Arrays.toString(args)));
            socket.onAny((event, args) -> {
                List<Object> list = new ArrayList<>(Arrays.asList(args));
                if (!list.isEmpty() && list.get(list.size() - 1) instanceof Ack ack) {
                    list.remove(list.size() - 1);
                    ack.send(JsonNodeFactory.instance.objectNode().put("from", socket.id()).set("q", (JsonNode) list.get(0)));
                }
                lastArgs.put(event, list);
                events.add(event + " " + list.stream().map(String::valueOf).toList());
            });
            socket.on("disconnect", args -> {
                outcome.complete("closed before connecting: " + args[0]);
                events.add("disconnect " + args[0]);
            });
            socket.connect();
        }

        /** A client of {@code uri}, connected; fails with the reason if it is not within 2 × {@link #WAIT}. */
        static TestClient connect(URI uri, ClientRuntime runtime) {
            TestClient c = new TestClient(uri, runtime);
            String outcome;
            try {
                outcome = c.outcome.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                outcome = e.toString();
            }
            if (!outcome.equals("connect")) {
                c.close();
                throw new AssertionError("not connected to " + uri + ": " + outcome);
            }
            return c;
        }

        String id() {
            return socket.id();
        }

        /** The next event received, as {@code "name [args]"}; fails after {@link #WAIT}. */
        String next() {
            try {
                String e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(e).as("an event within " + WAIT).isNotNull();
                return e;
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        }

        /** Joins {@code room} on its server and waits for the server to confirm. */
        void join(String room) {
            try {
                socket.emitWithAck("join", room).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError("join " + room + " not acked within " + WAIT + ", connected " + socket.connected()
                        + ", events " + events, e);
            }
        }

        @Override
        public void close() {
            socket.disconnect();
        }
    }
}
