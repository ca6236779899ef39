// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.adapter.internal.MsgPack;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * An in-JVM cluster for {@link ClusterAdapter} tests: a bus that serializes every message to
 * JSON text and back (as a real transport would) and delivers it asynchronously, in order, to
 * every other node; and nodes made of a fake namespace with fake sockets.
 */
final class TestCluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final ExecutorService wire = Executors.newSingleThreadExecutor();
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    final AtomicLong offsets = new AtomicLong();
    volatile boolean down;
    /** Whether counting the nodes fails (a transport whose connection is down). */
    volatile boolean countFails;

    Node node(String name, ClusterAdapterOptions options, Duration recovery, boolean transportOffsets) {
        Node n = new Node(name, options, recovery, transportOffsets);
        nodes.add(n);
        n.adapter.init();
        return n;
    }

    Node node(String name) {
        return node(name, ClusterAdapterOptions.builder().heartbeats(false).requestsTimeout(Duration.ofSeconds(2)).build(),
                null, false);
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.adapter.close());
        wire.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Sends {@code message} from {@code from} to every other node (or only {@code to}) as JSON text. */
    CompletableFuture<String> send(Node from, ClusterMessage message, String to) {
        if (down) {
            return CompletableFuture.failedFuture(new IllegalStateException("the bus is down"));
        }
        byte[] bytes;
        try {
            // as the official sharded adapter: JSON text, or MessagePack when there is binary
            com.fasterxml.jackson.databind.node.ObjectNode tree = ClusterMessageJson.toTree(message);
            bytes = ClusterMessageJson.containsBinary(tree) ? MsgPack.encode(tree) : JSON.writeValueAsBytes(tree);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        String offset = from.transportOffsets ? offsets.incrementAndGet() + "-0" : null;
        if (from.muted) {
            return CompletableFuture.completedFuture(offset);
        }
        wire.execute(() -> {
            for (Node n : nodes) {
                if (n != from && !n.deaf && (to == null || to.equals(n.adapter.uid()))) {
                    n.adapter.receive(bytes, offset);
                }
            }
        });
        return CompletableFuture.completedFuture(offset);
    }

    /** One node: a namespace with sockets and its cluster adapter. */
    final class Node implements AdapterNamespace {
        final String name;
        final boolean transportOffsets;
        final Duration recovery;
        final BusAdapter adapter;
        final Map<String, Sock> sockets = new ConcurrentHashMap<>();
        final List<List<JsonNode>> serverSideEmits = new CopyOnWriteArrayList<>();
        final List<BroadcastFlags> preparedFlags = new CopyOnWriteArrayList<>();
        volatile BiFunction<List<JsonNode>, Consumer<JsonNode>, Boolean> serverSideListener;
        volatile boolean deaf;
        volatile boolean muted;
        final AtomicLong ackIds = new AtomicLong();

        Node(String name, ClusterAdapterOptions options, Duration recovery, boolean transportOffsets) {
            this.name = name;
            this.recovery = recovery;
            this.transportOffsets = transportOffsets;
            this.adapter = new BusAdapter(this, options);
        }

        Sock connect(String id, String... rooms) {
            Sock s = new Sock(this, id);
            sockets.put(id, s);
            adapter.addAll(id, Set.of(id));
            for (String r : rooms) {
                adapter.addAll(id, Set.of(r));
            }
            return s;
        }

        @Override public String name() { return "/"; }
        @Override public LocalSocket socket(String id) { return sockets.get(id); }
        @Override public SocketEncoder encoder() { return new SocketEncoder(); }
        @Override public PayloadMapper mapper() { return PayloadMapper.create(); }
        @Override public PreparedPacket prepare(EncodedPacket encoded, BroadcastFlags flags) {
            preparedFlags.add(flags);
            return () -> { };
        }
        @Override public long nextAckId() { return ackIds.getAndIncrement(); }
        @Override public Duration maxDisconnectionDuration() { return recovery; }
        @Override public ScheduledExecutorService scheduler() { return scheduler; }

        @Override
        public void onServerSideEmit(List<JsonNode> args, Consumer<JsonNode> ack) {
            serverSideEmits.add(args);
            BiFunction<List<JsonNode>, Consumer<JsonNode>, Boolean> l = serverSideListener;
            if (l != null && ack != null) {
                l.apply(args, ack);
            }
        }
    }

    /** A socket that records what it was sent and acts on joins, leaves and disconnects. */
    static final class Sock implements LocalSocket {
        final Node node;
        final String id;
        final List<SocketPacket> received = new CopyOnWriteArrayList<>();
        final List<Boolean> disconnects = new CopyOnWriteArrayList<>();
        final Map<Long, Consumer<JsonNode>> acks = new ConcurrentHashMap<>();
        final List<Duration> ackTimeouts = new CopyOnWriteArrayList<>();
        final ObjectNode data = JsonNodeFactory.instance.objectNode();

        Sock(Node node, String id) {
            this.node = node;
            this.id = id;
        }

        /** The event names received, in order. */
        List<String> events() {
            List<String> out = new ArrayList<>();
            received.forEach(p -> out.add(p.data().get(0).asText()));
            return out;
        }

        /** Answers every pending ack with {@code value}. */
        void ackAll(JsonNode value) {
            acks.values().forEach(a -> a.accept(value));
            acks.clear();
        }

        @Override public boolean deliver(PreparedPacket prepared, SocketPacket packet) { received.add(packet); return true; }
        @Override
        public void expectAck(long ackId, Duration timeout, Consumer<JsonNode> onResponse) {
            ackTimeouts.add(timeout);
            acks.put(ackId, onResponse);
        }
        @Override public void join(Set<String> rooms) { node.adapter.addAll(id, rooms); }
        @Override public void leave(String room) { node.adapter.del(id, room); }

        @Override
        public void disconnect(boolean close) {
            disconnects.add(close);
            node.adapter.delAll(id);
            node.sockets.remove(id);
        }

        @Override public String id() { return id; }
        @Override public JsonNode handshakeJson() { return JsonNodeFactory.instance.objectNode().put("address", "10.0.0." + id.length()); }
        @Override public Set<String> rooms() { return node.adapter.socketRooms(id); }
        @Override public Map<String, Object> data() { return Map.of("node", node.name, "bytes", new byte[] {1, 2}); }
    }

    /** The transport under test: the bus. */
    final class BusAdapter extends ClusterAdapter {
        private final Node node;

        BusAdapter(Node node, ClusterAdapterOptions options) {
            super(node, options);
            this.node = node;
        }

        @Override
        protected CompletableFuture<String> doPublish(ClusterMessage message) {
            return send(node, message, null);
        }

        @Override
        protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage.Response response) {
            return send(node, response, requesterUid).thenApply(o -> null);
        }

        @Override
        protected boolean transportAssignsOffsets() {
            return node.transportOffsets;
        }

        /** What a transport does with what it reads: decode, count what it cannot, hand the rest on. */
        void receive(String text, String offset) {
            receive(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), offset);
        }

        void receive(byte[] bytes, String offset) {
            ClusterMessage m;
            try {
                m = ClusterMessageJson.fromTree(bytes.length > 0 && bytes[0] == '{' ? JSON.readTree(bytes) : MsgPack.decode(bytes));
            } catch (Exception e) {
                countMalformed(bytes.length + " bytes", e);
                return;
            }
            if (m != null) {
                onMessage(m, offset);
            }
        }

        /** Nodes that answered a count of all. */
        @Override
        public CompletableFuture<Integer> serverCount() {
            if (countFails) {
                return CompletableFuture.failedFuture(new IllegalStateException("cannot count the nodes"));
            }
            return options().heartbeats() ? super.serverCount() : CompletableFuture.completedFuture(nodes.size());
        }
    }
}
