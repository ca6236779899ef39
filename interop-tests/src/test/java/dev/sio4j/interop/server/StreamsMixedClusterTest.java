// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.streams.RedisStreamsAdapter;
import dev.sio4j.redis.streams.RedisStreamsAdapterOptions;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RedisServer;
import dev.sio4j.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster on one redis-server: two sio4j nodes with sio4j-redis-streams-adapter and one
 * Node.js socket.io node with the official @socket.io/redis-streams-adapter, official clients
 * spread over the three. Broadcasts, rooms, private messages, /chat isolation, binary,
 * fetchSockets and remote sockets, serverSideEmit with acks, broadcast acks, socketsJoin and
 * disconnectSockets across languages; and connection state recovery from a Node node to a sio4j
 * node and the other way round.
 */
class StreamsMixedClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static RedisServer redis;
    private static JavaNode j1;
    private static JavaNode j2;
    private static OfficialStreamsNode n;
    private static int deadPort;
    private final List<AutoCloseable> perTest = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        redis = RedisServer.start();
        j1 = new JavaNode("J1");
        j2 = new JavaNode("J2");
        n = OfficialStreamsNode.start(redis.uri(), "N");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (n != null) {
            n.close();
        }
        for (JavaNode j : new JavaNode[] {j1, j2}) {
            if (j != null) {
                j.close();
            }
        }
        redis.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : perTest) {
            c.close();
        }
        await().atMost(WAIT).until(() -> j1.io.fetchSockets().get(5, TimeUnit.SECONDS).isEmpty());
    }

    private OfficialClient client(InetSocketAddress address, TransportMode mode, String... namespaces) {
        OfficialClient c = OfficialClient.start(address, mode, o -> {
            ArrayNode ns = o.putArray("namespaces");
            for (String x : namespaces.length == 0 ? new String[] {"/"} : namespaces) {
                ns.add(x);
            }
        });
        perTest.add(c);
        return c;
    }

    private static void join(OfficialClient c, String room) {
        assertThat(c.awaitAck(c.emitWithAck("/", "join", WAIT, room)).path("error").isNull()).isTrue();
    }

    private static List<String> eventNames(OfficialClient c, String ns) {
        List<String> names = new ArrayList<>();
        c.process().jsonLines().stream()
                .filter(j -> "event".equals(j.path("type").asText()) && ns.equals(j.path("ns").asText()))
                .forEach(j -> names.add(j.path("name").asText()));
        return names;
    }

    /** A broadcast to all from {@code node} has reached {@code clients}: what it sent before, too. */
    private static void fence(Runnable emitFence, String name, OfficialClient... clients) {
        emitFence.run();
        for (OfficialClient c : clients) {
            c.awaitEvent("/", name);
        }
    }

    @Test
    void broadcastsRoomsPrivateMessagesAndNamespacesCrossLanguages() throws Exception {
        OfficialClient cJ1 = client(j1.address, TransportMode.WEBSOCKET, "/", "/chat");
        OfficialClient cJ2 = client(j2.address, TransportMode.POLLING_WITH_UPGRADE);
        OfficialClient cN = client(n.address(), TransportMode.WEBSOCKET, "/", "/chat");
        String idJ2 = InteropServer.id(cJ2.awaitConnect("/"));
        String idN = InteropServer.id(cN.awaitConnect("/"));
        cJ1.awaitConnect("/chat");
        cN.awaitConnect("/chat");
        join(cJ1, "r1");
        join(cN, "r1");

        j1.io.emit("all", Map.of("from", "J1"));
        j1.io.to("r1").emit("r1", "J1");
        j1.io.except("r1").emit("notR1", "J1");
        j1.io.to(idN).emit("private", "J1 to N");
        j1.io.of("/chat").emit("chat", "J1");
        j1.io.emit("binary", new byte[] {1, 2, 3}, Map.of("n", 1.5));
        fence(() -> j1.io.emit("fenceJ1"), "fenceJ1", cJ1, cJ2, cN);
        n.emit("/", List.of(), "all", Map.of("from", "N"));
        n.emit("/", List.of("r1"), "r1", "N");
        n.emit("/", List.of(idJ2), "private", "N to J2");
        n.emit("/chat", List.of(), "chat", "N");
        ObjectNode bin = OfficialStreamsNode.command("emit").put("event", "binary");
        bin.putArray("args").add(OfficialClient.bin(new byte[] {4, 5})).addObject().put("n", 2.5);
        n.send(bin);
        fence(() -> n.emit("/", List.of(), "fenceN"), "fenceN", cJ1, cJ2, cN);

        assertThat(eventNames(cJ1, "/")).containsExactly("all", "r1", "binary", "fenceJ1", "all", "r1", "binary", "fenceN");
        assertThat(eventNames(cJ2, "/")).containsExactly("all", "notR1", "binary", "fenceJ1", "all", "private", "binary",
                "fenceN");
        assertThat(eventNames(cN, "/")).containsExactly("all", "r1", "private", "binary", "fenceJ1", "all", "r1", "binary",
                "fenceN");
        assertThat(cJ2.awaitEvent("/", "private").get(0).asText()).isEqualTo("N to J2");
        assertThat(cN.awaitEvent("/", "private").get(0).asText()).isEqualTo("J1 to N");
        List<ArrayNode> binaries = cN.awaitEvents("/", "binary", 2);
        assertThat(OfficialClient.bytes(binaries.get(0).get(0))).containsExactly(1, 2, 3);
        assertThat(binaries.get(0).get(1).path("n").asDouble()).isEqualTo(1.5);
        assertThat(OfficialClient.bytes(cJ1.awaitEvents("/", "binary", 2).get(1).get(0))).containsExactly(4, 5);
        // /chat stays on /chat
        for (OfficialClient c : List.of(cJ1, cN)) {
            assertThat(c.awaitEvents("/chat", "chat", 2)).extracting(a -> a.get(0).asText()).containsExactly("J1", "N");
        }
        assertThat(eventNames(cJ2, "/")).doesNotContain("chat");
    }

    @Test
    void requestsAcksJoinsAndDisconnectsCrossLanguages() throws Exception {
        OfficialClient cJ1 = client(j1.address, TransportMode.WEBSOCKET);
        OfficialClient cJ2 = client(j2.address, TransportMode.WEBSOCKET);
        OfficialClient cN = client(n.address(), TransportMode.POLLING);
        String idJ1 = InteropServer.id(cJ1.awaitConnect("/"));
        String idJ2 = InteropServer.id(cJ2.awaitConnect("/"));
        String idN = InteropServer.id(cN.awaitConnect("/"));
        join(cN, "r1");

        // fetchSockets, both ways, with data and rooms
        List<RemoteSocket> fromJava = j1.io.fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(fromJava).extracting(RemoteSocket::id).containsExactlyInAnyOrder(idJ1, idJ2, idN);
        RemoteSocket onN = fromJava.stream().filter(s -> s.id().equals(idN)).findFirst().orElseThrow();
        assertThat(onN.data()).containsEntry("node", "N");
        assertThat(onN.rooms()).containsExactlyInAnyOrder(idN, "r1");
        JsonNode fromNode = n.call(OfficialStreamsNode.command("fetchSockets"));
        assertThat(fromNode.findValuesAsText("node")).containsExactlyInAnyOrder("J1", "J2", "N");
        onN.emit("direct", "from J1");
        assertThat(cN.awaitEvent("/", "direct").get(0).asText()).isEqualTo("from J1");

        // serverSideEmit, with and without acks, both ways
        j1.io.serverSideEmit("hello", "from J1");
        assertThat(n.awaitHellos(1)).containsExactly("from J1");
        n.send(OfficialStreamsNode.command("serverSideEmit").put("event", "hello").set("args",
                OfficialClient.JSON.createArrayNode().add("from N")));
        await().atMost(WAIT).until(() -> j1.hellos.contains("from N") && j2.hellos.contains("from N"));
        List<JsonNode> answers = j2.io.of("/").serverSideEmitWithAck(Duration.ofSeconds(5), "ping", "q")
                .get(10, TimeUnit.SECONDS);
        assertThat(answers).extracting(a -> a.path("pong").asText()).containsExactlyInAnyOrder("J1", "N");
        JsonNode nodeAnswers = n.call(OfficialStreamsNode.command("serverSideEmitWithAck").put("event", "ping")
                .set("args", OfficialClient.JSON.createArrayNode().add("q")));
        assertThat(nodeAnswers.findValuesAsText("pong")).containsExactlyInAnyOrder("J1", "J2");

        // broadcast acks: every client of every node answers (the driver acks with the arguments)
        List<JsonNode> acks = j1.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", 7).get(10, TimeUnit.SECONDS);
        assertThat(acks).extracting(JsonNode::asInt).containsExactly(7, 7, 7);
        JsonNode nodeAcks = n.call(OfficialStreamsNode.command("emitWithAck").put("event", "ask")
                .set("args", OfficialClient.JSON.createArrayNode().add(8)));
        assertThat(nodeAcks.toString()).isEqualTo("[8,8,8]");

        // socketsJoin from Node reaches a Java node's socket; disconnectSockets from Java a Node node's
        ObjectNode joinCmd = OfficialStreamsNode.command("socketsJoin").put("room", "r9");
        joinCmd.putArray("rooms").add(idJ2);
        n.send(joinCmd);
        await().atMost(WAIT).until(() -> j2.io.of("/").sockets().get(idJ2).rooms().contains("r9"));
        j1.io.to("r9").emit("r9");
        cJ2.awaitEvent("/", "r9");
        assertThat(j1.io.of("/").adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        j2.io.in(idN).disconnectSockets(false);
        assertThat(cN.awaitDisconnect("/").path("reason").asText()).isEqualTo("io server disconnect");
        assertThat(cJ1.process().jsonLines()).noneMatch(j -> "disconnect".equals(j.path("type").asText()));
    }

    @Test
    void aClientOfTheNodeNodeIsRecoveredOnASio4jNode() throws Exception {
        TcpProxy proxy = new TcpProxy(n.address().getPort());
        perTest.add(proxy);
        OfficialClient c = client(new InetSocketAddress("127.0.0.1", proxy.port()), TransportMode.WEBSOCKET);
        String sid = InteropServer.id(c.awaitConnect("/"));
        join(c, "r1");
        n.emit("/", List.of(), "before", 0);
        String offset = last(c.awaitEvent("/", "before"));
        assertThat(offset).matches("[0-9]+-[0-9]+");

        proxy.target(deadPort);
        proxy.cutAll();
        c.awaitDisconnect("/");
        await().atMost(WAIT).until(() -> j1.io.fetchSockets().get(5, TimeUnit.SECONDS).isEmpty());
        j1.io.emit("all", 1);
        j1.io.to("r1").emit("r1", 2);
        j1.io.to("r2").emit("r2", 3);
        n.emit("/", List.of("r1"), "fromN", 4);

        proxy.target(j2.address.getPort());
        JsonNode back = c.awaitConnect("/", 2);
        assertThat(InteropServer.id(back)).isEqualTo(sid);
        assertThat(back.path("recovered").asBoolean()).isTrue();
        assertThat(c.awaitEvent("/", "fromN").get(0).asInt()).isEqualTo(4);
        assertThat(c.awaitEvent("/", "r1").get(0).asInt()).isEqualTo(2);
        awaitEnd(c, () -> j1.io.emit("end"), () -> n.emit("/", List.of(), "end"));
        assertThat(eventNames(c, "/")).containsExactlyInAnyOrder("before", "all", "r1", "fromN", "end", "end");
        assertInStreamOrder(c);
        Socket restored = j2.io.of("/").sockets().get(sid);
        assertThat(restored.rooms()).containsExactlyInAnyOrder(sid, "r1");
        assertThat(restored.data()).containsEntry("node", "N");
    }

    @Test
    void aClientOfASio4jNodeIsRecoveredOnTheNodeNode() throws Exception {
        TcpProxy proxy = new TcpProxy(j1.address.getPort());
        perTest.add(proxy);
        OfficialClient c = client(new InetSocketAddress("127.0.0.1", proxy.port()), TransportMode.WEBSOCKET);
        String sid = InteropServer.id(c.awaitConnect("/"));
        join(c, "r1");
        j1.io.emit("before", 0);
        c.awaitEvent("/", "before");

        proxy.target(deadPort);
        proxy.cutAll();
        c.awaitDisconnect("/");
        await().atMost(WAIT).until(() -> j1.io.fetchSockets().get(5, TimeUnit.SECONDS).isEmpty());
        n.emit("/", List.of(), "all", 1);
        n.emit("/", List.of("r2"), "r2", 2);
        j2.io.to("r1").emit("fromJ2", 3);

        proxy.target(n.address().getPort());
        JsonNode back = c.awaitConnect("/", 2);
        assertThat(InteropServer.id(back)).isEqualTo(sid);
        assertThat(back.path("recovered").asBoolean()).isTrue();
        JsonNode onNode = n.awaitConnection(sid);
        assertThat(onNode.path("recovered").asBoolean()).isTrue();
        assertThat(onNode.path("rooms").toString()).contains("\"r1\"");
        assertThat(onNode.path("data").path("node").asText()).isEqualTo("J1");
        assertThat(c.awaitEvent("/", "fromJ2").get(0).asInt()).isEqualTo(3);
        assertThat(c.awaitEvent("/", "all").get(0).asInt()).isEqualTo(1);
        awaitEnd(c, () -> j2.io.emit("end"), () -> n.emit("/", List.of(), "end"));
        assertThat(eventNames(c, "/")).containsExactlyInAnyOrder("before", "all", "fromJ2", "end", "end");
        assertInStreamOrder(c);
        n.emit("/", List.of("r1"), "after", 4);
        assertThat(c.awaitEvent("/", "after").get(0).asInt()).isEqualTo(4);
    }

    /**
     * Each sender's "end" has arrived, so has everything that sender sent before it (order holds
     * per sender). The senders go one after the other: two nodes broadcasting at once may deliver
     * in either order (a node delivers its own broadcast when XADD answers, another's when XREAD
     * does, Node's adapter as ours), and the stream-order check below is about missed and live
     * events, not about that race.
     */
    private static void awaitEnd(OfficialClient c, Runnable... senders) {
        for (int i = 0; i < senders.length; i++) {
            senders[i].run();
            c.awaitEvents("/", "end", i + 1);
        }
    }

    /** Missed and live events came in stream order, each once: their offsets strictly increase. */
    private static void assertInStreamOrder(OfficialClient c) {
        List<long[]> offsets = new ArrayList<>();
        c.process().jsonLines().stream()
                .filter(j -> "event".equals(j.path("type").asText()) && "/".equals(j.path("ns").asText()))
                .forEach(j -> {
                    String[] id = last((ArrayNode) j.path("args")).split("-");
                    offsets.add(new long[] {Long.parseLong(id[0]), Long.parseLong(id[1])});
                });
        for (int i = 1; i < offsets.size(); i++) {
            long[] a = offsets.get(i - 1);
            long[] b = offsets.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("offset %d after %d", i, i - 1).isTrue();
        }
    }

    private static String last(ArrayNode args) {
        return args.get(args.size() - 1).asText();
    }

    /** A sio4j node with the streams adapter and the handlers of streams-node.mjs. */
    private static final class JavaNode implements AutoCloseable {
        final ClusterAdapterFactory factory;
        final SocketIoServer io;
        final InetSocketAddress address;
        final List<String> hellos = new CopyOnWriteArrayList<>();

        JavaNode(String name) {
            factory = RedisStreamsAdapter.create(RedisStreamsAdapterOptions.builder(redis.uri()).build());
            io = SocketIoServer.builder().adapter(factory)
                    .connectionStateRecovery(ConnectionStateRecovery.defaults()).build();
            for (String ns : List.of("/", "/chat")) {
                io.of(ns).on("connection", s -> {
                    if (!s.recovered()) {
                        s.data().put("node", name);
                    }
                    s.on("join", (JsonAckListener) (room, ack) -> {
                        s.join(room.asText());
                        ack.send();
                    });
                });
            }
            io.of("/").onServerSideEmit("hello", (EventListener) (args, ack) -> hellos.add(args.get(0).asText()));
            io.of("/").onServerSideEmit("ping", (EventListener) (args, ack) ->
                    ack.send(Map.of("pong", name, "arg", args.get(0))));
            try {
                address = io.listen("127.0.0.1", 0);
            } catch (java.net.BindException e) {
                throw new java.io.UncheckedIOException(e);
            }
            io.ready().orTimeout(10, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            io.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
            factory.close();
        }
    }
}
