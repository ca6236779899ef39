// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.DecoderLimits;
import dev.sio4j.server.internal.ServerCore;
import dev.sio4j.testsupport.EmbeddedNetwork;
import dev.sio4j.testsupport.EngineIoFuzzClient;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Fuzz target of a Socket.IO server behind the Engine.IO pipeline, in attached mode (the
 * server's handler in a pipeline of the application's, as {@link SocketIoServer#newHttpHandler()}
 * documents), driven in memory ({@link EmbeddedNetwork}) by {@link EngineIoFuzzClient} with
 * Socket.IO packets: CONNECT to static, refusing and dynamic namespaces, events with and without
 * acks, binary events with their attachments, acks, DISCONNECT, and garbage; the server joins
 * rooms, broadcasts, asks for acks and disconnects sockets when the input says so.
 *
 * <p>Invariants: nothing is thrown out of a pipeline or out of a task on the event loop; every
 * write reaches the wire as bytes; each socket is disconnected once; and once the sockets are
 * disconnected, the connections closed and time has passed, the server's bookkeeping is back
 * at its baseline (engine sessions, clients, namespace entries, namespaces, sockets, rooms, timers)
 * and every buffer is released. Ping timeouts do not fire here (see EnginePipelineFuzzTest).
 *
 * <p>Plain {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/sio4j/server/ServerPipelineFuzzTestInputs}; fuzzing as in
 * docs/fuzzing.md.
 */
class ServerPipelineFuzzTest {

    private static final String[] PACKETS = {
        "40", "40{\"token\":\"ok\"}", "40/admin,{\"token\":\"ok\"}", "40/admin,", "40/dyn-1,", "40/dyn-2,{}",
        "41", "41/admin,", "41/dyn-1,", "42[\"echo\",", "421[\"echo\",", "42/admin,[\"echo\",", "42[\"join\",\"r\"]",
        "42[\"leave\",\"r\"]", "42[\"shout\",", "430[", "431[", "44{}", "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]",
        "4521-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "461-0[{\"_placeholder\":true,\"num\":0}]",
        "4", "2probe", "5", "3", "1", "6", "b",
    };

    @FuzzTest(maxDuration = "10m")
    void server(FuzzedDataProvider data) {
        Server server = new Server();
        try (EmbeddedNetwork network = new EmbeddedNetwork()) {
            EngineIoFuzzClient client = new EngineIoFuzzClient(network, server);
            client.run(data);
            String trace = client.trace();

            for (String name : server.core().namespaceNames()) {
                server.io.of(name).disconnectSockets(true);
            }
            network.runTasks();
            network.connections().forEach(EmbeddedNetwork.Connection::close);
            network.advance(Duration.ofSeconds(10));

            ServerCore core = server.core();
            assertThat(server.io.clientsCount()).as("engine sessions left after:\n%s", trace).isZero();
            assertThat(core.trackedClients()).as("clients left after:\n%s", trace).isZero();
            assertThat(core.clientNamespaceEntries()).isZero();
            assertThat(core.namespaceNames()).as("namespaces after:\n%s", trace).containsExactlyInAnyOrder("/", "/admin");
            for (String name : List.of("/", "/admin")) {
                assertThat(server.io.of(name).sockets()).as("sockets of %s", name).isEmpty();
                assertThat(server.io.of(name).adapter().rooms()).as("rooms of %s", name).isEmpty();
            }
            assertThat(core.pendingTimers()).isZero();
            assertThat(server.disconnects.keySet()).containsExactlyInAnyOrderElementsOf(server.connected);
            assertThat(server.disconnects.values()).as("disconnects per socket").allMatch(n -> n == 1);

            CompletableFuture<Void> closed = server.io.closeAsync();
            for (int i = 0; i < 100 && !closed.isDone(); i++) {
                network.advance(Duration.ofMillis(100));
            }
            assertThat(closed).as("server closed").isDone();
            network.close();
            assertThat(network.liveBufferBytes()).as("bytes of unreleased buffers").isZero();
        }
    }

    /** The server under test, and what the fuzz client needs of it. */
    private static final class Server implements EngineIoFuzzClient.Target {
        final SocketIoServer io;
        final List<Socket> connected = new ArrayList<>();
        final Map<Socket, Integer> disconnects = new ConcurrentHashMap<>();

        Server() {
            io = SocketIoServer.builder()
                    .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200))
                    .connectTimeout(Duration.ofSeconds(1)).maxHttpBufferSize(4000).cleanupEmptyChildNamespaces(true)
                    .options(o -> o.maxNamespacesPerClient(3).decoderLimits(DecoderLimits.builder().maxAttachments(3)
                            .maxNestingDepth(8).maxNamespaceLength(16).build()))
                    .configureEngine(e -> e.upgradeTimeout(Duration.ofMillis(500)).maxWebSocketFragments(6)
                            .maxPayloadPackets(6).maxOutboundQueue(32).maxOutboundBytes(20_000))
                    .build();
            io.on("connection", this::connection);
            io.of("/admin").use((socket, next) -> {
                if ("ok".equals(socket.handshake().auth().path("token").asText())) {
                    next.proceed();
                } else {
                    next.fail(new ConnectError("unauthorized"));
                }
            }).on("connection", this::connection);
            io.of(Pattern.compile("^/dyn-\\d$")).on("connection", this::connection);
        }

        ServerCore core() {
            return io.core();
        }

        private void connection(Socket s) {
            connected.add(s);
            s.on("disconnect", (JsonNode reason) -> disconnects.merge(s, 1, Integer::sum));
            s.onArgs("echo", (List<JsonNode> args, Ack ack) -> {
                if (ack.requested()) {
                    ack.send(args.toArray());
                } else {
                    s.emit("echo", args.toArray());
                }
            });
            s.on("join", String.class, s::join);
            s.on("leave", String.class, s::leave);
            s.on("shout", (JsonNode x) -> s.broadcast().emit("shout", x));
        }

        @Override
        public ChannelHandler newPipeline() {
            return new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(8192)),
                            io.newHttpHandler(), new NotFound());
                }
            };
        }

        @Override
        public String path() {
            return io.options().path();
        }

        @Override
        public String packet(FuzzedDataProvider data) {
            String prefix = data.pickValue(PACKETS);
            if (prefix.equals("b")) {
                return prefix + Base64.getEncoder().encodeToString(data.consumeBytes(data.consumeInt(0, 16)));
            }
            return prefix + data.consumeString(data.consumeInt(0, 48));
        }

        @Override
        public String serverAction(FuzzedDataProvider data) {
            int action = data.consumeInt(0, 5);
            if (action == 0) {
                return "broadcasts: " + io.emit("news", data.consumeString(64), data.consumeBytes(8));
            }
            if (action == 1) {
                return "broadcasts to room r: " + io.to("r").emit("room", data.consumeString(64));
            }
            if (connected.isEmpty()) {
                return "no socket";
            }
            int i = data.consumeInt(0, connected.size() - 1);
            Socket s = connected.get(i);
            switch (action) {
                case 2 -> {
                    s.emitWithAck("question", data.consumeString(16));
                    return "asks socket " + i + " for an ack";
                }
                case 3 -> {
                    s.join(data.pickValue(new String[] {"r", "s"}));
                    return "joins socket " + i + " to a room";
                }
                case 4 -> {
                    s.volatile_().emit("tick", data.consumeString(3000));
                    return "sends socket " + i + " a volatile event";
                }
                default -> {
                    s.disconnect(data.consumeBoolean());
                    return "disconnects socket " + i;
                }
            }
        }
    }

    /** What an application's pipeline does with the requests that are not the server's. */
    private static final class NotFound extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest) {
                DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
                res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
