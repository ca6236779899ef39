// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server quick start of the root README.md, as written there (only the port and the
 * middleware's token check differ), driven by a raw client: if the README's code stops compiling
 * or stops doing what the README says, this fails.
 */
class ReadmeQuickStartTest extends ServerTestBase {

    @Test
    void theReadmeServerDoesWhatTheReadmeSays() throws Exception {
        CompletableFuture<String> leftReason = new CompletableFuture<>();

        // --- as in README.md ---
        io = SocketIoServer.builder()
                .cors(CorsOptions.allowOrigins("http://localhost:8080"))
                .build();

        io.on("connection", socket -> {
            socket.on("message", (JsonNode data) -> io.emit("message", data));
            socket.on("broadcast", (JsonNode data) -> socket.broadcast().emit("message", data));
            socket.on("joinRoom", String.class, socket::join);
            socket.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
            socket.on("disconnect", reason -> leftReason.complete(reason.asText()));
        });

        io.of("/chat").on("connection", socket -> { });
        io.use((socket, next) -> {
            if (socket.handshake().auth().path("token").asText("").equals("secret")) next.proceed();
            else next.fail(new ConnectError("unauthorized", Map.of("retry", false)));
        });
        // --- end of the README's code ---
        listen();

        RawWebSocket refused = client();
        SocketPacket error = refused.connectNs("/", "{\"token\":\"wrong\"}");
        assertThat(error.type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(error.data().toString()).isEqualTo("{\"message\":\"unauthorized\",\"data\":{\"retry\":false}}");

        RawWebSocket a = client();
        RawWebSocket b = client();
        assertThat(a.connectNs("/", "{\"token\":\"secret\"}").type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(b.connectNs("/", "{\"token\":\"secret\"}").type()).isEqualTo(SocketPacketType.CONNECT);

        a.sendPacket("2[\"message\",{\"text\":\"hi\"}]");                // to everyone, the sender included
        assertThat(a.nextEvent().data().toString()).isEqualTo("[\"message\",{\"text\":\"hi\"}]");
        assertThat(b.nextEvent().data().toString()).isEqualTo("[\"message\",{\"text\":\"hi\"}]");

        a.sendPacket("2[\"broadcast\",\"psst\"]");                       // to all but the sender
        assertThat(b.nextEvent().data().toString()).isEqualTo("[\"message\",\"psst\"]");
        assertThat(a.pollPacket(Duration.ofMillis(300))).isNull();

        a.sendPacket("27[\"echo\",[1,2]]");                              // an ack with the same argument
        SocketPacket ack = a.nextPacket();
        assertThat(ack.type()).isEqualTo(SocketPacketType.ACK);
        assertThat(ack.id()).isEqualTo(7L);
        assertThat(ack.data().toString()).isEqualTo("[[1,2]]");

        a.sendPacket("2[\"joinRoom\",\"room1\"]");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> io.in("room1").fetchSockets().get(5, TimeUnit.SECONDS).size() == 1);
        io.to("room1").except("banned").emit("tick", "now");       // only the room's member
        assertThat(a.nextEvent().data().toString()).isEqualTo("[\"tick\",\"now\"]");
        assertThat(b.pollPacket(Duration.ofMillis(300))).isNull();

        CompletableFuture<List<JsonNode>> answers = io.timeout(Duration.ofSeconds(2)).emitWithAck("poll");
        for (RawWebSocket t : List.of(a, b)) {                       // one answer per client
            SocketPacket poll = t.nextEvent();
            t.sendPacket("3" + poll.id() + "[\"yes\"]");
        }
        assertThat(answers.get(5, TimeUnit.SECONDS)).hasSize(2);

        b.abort();
        assertThat(leftReason.get(5, TimeUnit.SECONDS)).isEqualTo("transport close");
    }
}
