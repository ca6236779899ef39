// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RedisServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * sio4j nodes on one Redis, each a real {@link SocketIoServer} on a free port with its own
 * streams adapter, and sio4j clients of them. Every node serves {@code /} and {@code /chat}; a
 * client joins or leaves a room with the {@code join} / {@code leave} events (acknowledged);
 * sockets get {@code data.node} set to the node's name; {@code /} answers the server-side events
 * {@code hello} (recorded) and {@code ping} (acknowledged with {@code {pong: node, arg}}).
 *
 * <p>Confined to the test thread.
 */
final class StreamsCluster implements AutoCloseable {

    final RedisServer redis;
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    StreamsCluster(RedisServer redis) {
        this.redis = redis;
    }

    /** A node without connection state recovery, with the default adapter options. */
    Node node(String name) {
        return node(name, false, b -> { });
    }

    Node node(String name, boolean recovery, Consumer<RedisStreamsAdapterOptions.Builder> options) {
        Node n = new Node(name, recovery, options);
        nodes.add(n);
        return n;
    }

    /** A connected client of {@code node}'s namespace {@code nsp}. */
    Peer client(Node node, String nsp) {
        return track(Peer.connect(node.port, nsp));
    }

    Peer client(Node node) {
        return client(node, "/");
    }

    /** Closes {@code peer} with the others at the end. */
    Peer track(Peer peer) {
        peers.add(peer);
        return peer;
    }

    @Override
    public void close() {
        peers.forEach(Peer::close);
        nodes.forEach(Node::close);
    }

    /** One sio4j node. */
    final class Node {
        final String name;
        final ClusterAdapterFactory factory;
        final SocketIoServer io;
        final int port;
        final List<String> hellos = new CopyOnWriteArrayList<>();
        final List<Socket> connections = new CopyOnWriteArrayList<>();
        private boolean closed;

        Node(String name, boolean recovery, Consumer<RedisStreamsAdapterOptions.Builder> options) {
            this.name = name;
            RedisStreamsAdapterOptions.Builder b = RedisStreamsAdapterOptions.builder(redis.uri());
            options.accept(b);
            this.factory = RedisStreamsAdapter.create(b.build());
            SocketIoServer.Builder server = SocketIoServer.builder().adapter(factory);
            if (recovery) {
                server.connectionStateRecovery(ConnectionStateRecovery.defaults());
            }
            io = server.build();
            for (String nsp : List.of("/", "/chat")) {
                io.of(nsp).on("connection", this::onConnection);
            }
            io.of("/").onServerSideEmit("hello", (EventListener) (args, ack) -> hellos.add(args.get(0).asText()));
            io.of("/").onServerSideEmit("ping", (EventListener) (args, ack) ->
                    ack.send(Map.of("pong", name, "arg", args.get(0))));
            try {
                port = io.listen("127.0.0.1", 0).getPort();
            } catch (java.net.BindException e) {
                throw new java.io.UncheckedIOException(e);
            }
            io.ready().orTimeout(10, TimeUnit.SECONDS).join();
        }

        private void onConnection(Socket s) {
            if (!s.recovered()) {
                s.data().put("node", name);
            }
            s.on("join", (JsonAckListener) (room, ack) -> {
                s.join(room.asText());
                ack.send();
            });
            s.on("leave", (JsonAckListener) (room, ack) -> {
                s.leave(room.asText());
                ack.send();
            });
            connections.add(s);
        }

        /** The server socket of client id {@code id} on namespace {@code nsp}, waiting for it. */
        Socket socket(String nsp, String id) {
            Peer.waiting().until(() -> io.of(nsp).sockets().containsKey(id));
            return io.of(nsp).sockets().get(id);
        }

        /** Closes the server, then the adapter's connections; idempotent. */
        void close() {
            if (!closed) {
                closed = true;
                io.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
                factory.close();
            }
        }
    }
}
