// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.testsupport.EmbeddedNetwork;
import dev.sio4j.testsupport.EngineIoFuzzClient;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fuzz target of the whole standalone pipeline, as {@code listen} builds it (HTTP codec with its
 * limits, compression, request timeout, optional permessage-deflate, the Engine.IO handler, then
 * the WebSocket handlers after an upgrade), driven in memory ({@link EmbeddedNetwork}) by
 * {@link EngineIoFuzzClient}: HTTP requests, upgrades, frames, closes and time, against an echo
 * server whose options (allowRequest, CORS, permessage-deflate) the input also picks.
 *
 * <p>Invariants: nothing is thrown out of a pipeline or out of a task on the event loop; every
 * write reaches the wire as bytes; and once the server has closed every session and time has
 * passed, every connection is closed, no session is left (the count is 0 and no sid is known),
 * each session was reported closed exactly once, and every buffer is released.
 *
 * <p>The heartbeat measures idleness with {@code System.nanoTime()}, which the virtual clock does
 * not move, so ping timeouts never fire here (real-time tests cover them); the server closing its
 * sessions ends them instead. Plain {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/sio4j/engine/internal/EnginePipelineFuzzTestInputs}; fuzzing as
 * in docs/fuzzing.md.
 */
class EnginePipelineFuzzTest {

    private static final String[] PACKETS = {"4", "2probe", "3probe", "5", "3", "2", "1", "6", "0", "b", ""};

    @FuzzTest(maxDuration = "10m")
    void pipeline(FuzzedDataProvider data) {
        Server server = new Server(data);
        try (EmbeddedNetwork network = new EmbeddedNetwork()) {
            EngineIoFuzzClient client = new EngineIoFuzzClient(network, server);
            client.run(data);

            server.decideEveryHandshake(network);
            server.sockets.forEach(EngineSocket::close);
            network.runTasks();
            network.advance(Duration.ofSeconds(30));

            String trace = client.trace();
            assertThat(network.connections()).as("connections left open after:\n%s", trace)
                    .noneMatch(EmbeddedNetwork.Connection::isOpen);
            assertThat(server.engine.clientsCount()).as("sessions left after:\n%s", trace).isZero();
            for (String sid : client.sids()) {
                RequestVerifier.Result r = server.engine.verifier().verify(HttpMethod.GET,
                        Map.of("transport", List.of("polling"), "sid", List.of(sid)), null, false);
                assertThat(r.error()).as("sid %s still known", sid).isEqualTo(EngineError.UNKNOWN_SID);
            }
            assertThat(server.closes.keySet()).containsExactlyInAnyOrderElementsOf(server.sockets);
            assertThat(server.closes.values()).as("onClose calls per session").allMatch(n -> n == 1);
            network.close();
            assertThat(network.liveBufferBytes()).as("bytes of unreleased buffers").isZero();
        }
    }

    /** An echo server whose options the input picks, and what the fuzz client needs of it. */
    private static final class Server implements EngineIoFuzzClient.Target {
        final RealEngineServer engine;
        final List<EngineSocket> sockets = new ArrayList<>();
        final Map<EngineSocket, Integer> closes = new ConcurrentHashMap<>();
        final Queue<CompletableFuture<AllowRequest.Decision>> handshakes = new ArrayDeque<>();

        Server(FuzzedDataProvider data) {
            EngineOptions.Builder b = EngineOptions.builder()
                    .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200))
                    .upgradeTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(1))
                    .maxHttpBufferSize(2000).maxWebSocketFragments(6).maxPayloadPackets(6)
                    .httpCompressionThreshold(64).maxOutboundQueue(16).maxOutboundBytes(8000);
            int flags = data.consumeInt(0, 7);
            if ((flags & 1) != 0) {
                b.allowRequest(req -> {
                    CompletableFuture<AllowRequest.Decision> d = new CompletableFuture<>();
                    handshakes.add(d);
                    return d;
                });
            }
            if ((flags & 2) != 0) {
                b.cors(CorsOptions.allowOrigins("http://localhost"));
            }
            if ((flags & 4) != 0) {
                b.perMessageDeflate(true).perMessageDeflateThreshold(16);
            }
            engine = new RealEngineServer(b.build(), this::connected);
        }

        private void connected(EngineSocket socket) {
            sockets.add(socket);
            socket.setListener(new EngineSocket.Listener() {
                @Override
                public void onMessage(String text) {
                    socket.send(text);
                }

                @Override
                public void onBinary(byte[] bytes) {
                    socket.send(bytes);
                }

                @Override
                public void onClose(CloseReason reason, String description) {
                    closes.merge(socket, 1, Integer::sum);
                }
            });
        }

        /** Refuses every handshake waiting for allowRequest, and those that were waiting behind them. */
        void decideEveryHandshake(EmbeddedNetwork network) {
            for (CompletableFuture<AllowRequest.Decision> d; (d = handshakes.poll()) != null; ) {
                d.complete(AllowRequest.Decision.deny("closing"));
                network.runTasks();
            }
        }

        @Override
        public ChannelHandler newPipeline() {
            return new EngineChannelInitializer(engine);
        }

        @Override
        public String path() {
            return engine.options().path();
        }

        @Override
        public String packet(FuzzedDataProvider data) {
            String prefix = data.pickValue(PACKETS);
            if (prefix.equals("b") && data.consumeBoolean()) {
                return prefix + Base64.getEncoder().encodeToString(data.consumeBytes(data.consumeInt(0, 32)));
            }
            return prefix + data.consumeString(data.consumeInt(0, 64));
        }

        @Override
        public String serverAction(FuzzedDataProvider data) {
            int action = data.consumeInt(0, 4);
            if (action == 4) {
                CompletableFuture<AllowRequest.Decision> d = handshakes.poll();
                if (d == null) {
                    return "no handshake to decide";
                }
                boolean allow = data.consumeBoolean();
                d.complete(allow ? AllowRequest.Decision.allow() : AllowRequest.Decision.deny("no"));
                return allow ? "allows a handshake" : "refuses a handshake";
            }
            if (sockets.isEmpty()) {
                return "no session";
            }
            int i = data.consumeInt(0, sockets.size() - 1);
            EngineSocket s = sockets.get(i);
            switch (action) {
                case 0 -> {
                    String text = data.consumeString(data.consumeInt(0, 3000));
                    return "sends " + text.length() + " chars to session " + i + ": " + s.send(text);
                }
                case 1 -> {
                    return "sends binary to session " + i + ": " + s.send(data.consumeBytes(data.consumeInt(0, 64)));
                }
                case 2 -> {
                    boolean volatileMessage = data.consumeBoolean();
                    try (EngineMessage m = EngineMessage.of(data.consumeString(32), List.of(data.consumeBytes(8)))) {
                        return "sends a prepared message to session " + i + (volatileMessage ? " (volatile): " : ": ")
                                + s.send(m, volatileMessage);
                    }
                }
                default -> {
                    s.close();
                    return "closes session " + i;
                }
            }
        }
    }
}
