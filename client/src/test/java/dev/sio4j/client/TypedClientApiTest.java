// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.protocol.AckException;
import dev.sio4j.protocol.PayloadMappingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Typed acks both ways and the disconnect reason as an enum, against a scripted server. */
class TypedClientApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** An application type. */
    public record Question(int n) {
    }

    /** Another. */
    public record Price(int amount) {
    }

    private FakeEngineServer server;
    private Socket socket;

    @AfterEach
    void tearDown() throws Exception {
        if (socket != null) {
            socket.io().shutdown().get(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() {
        socket = IO.socket(URI.create(server.url()), ClientOptions.builder()
                .transports(ClientOptions.Transport.POLLING).reconnection(false).build());
        await().atMost(WAIT).until(socket::connected);
        return socket;
    }

    @Test
    void aTypedListenerGetsTheMappedArgumentAndAnswersTheAck() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = connect();
        List<Question> seen = new CopyOnWriteArrayList<>();
        s.on("question", Question.class, (q, ack) -> {
            seen.add(q);
            ack.send(q == null ? -1 : q.n() * 2);
        });
        server.push("4211[\"question\",{\"n\":21}]");
        await().atMost(WAIT).until(() -> server.received.contains("311[42]"));

        server.push("42[\"question\",{\"n\":5}]");   // no ack asked: the listener's ack sends nothing
        server.push("4212[\"question\"]");            // no argument: null
        await().atMost(WAIT).until(() -> server.received.contains("312[-1]"));
        assertThat(seen).containsExactly(new Question(21), new Question(5), null);
        assertThat(server.received).filteredOn(p -> p.startsWith("3")).containsExactly("311[42]", "312[-1]");
    }

    @Test
    void anArgumentThatDoesNotMapSkipsTheListenerAndTheSocketStaysUsable() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = connect();
        s.on("question", Question.class, (q, ack) -> ack.send(q.n()));
        server.push("4213[\"question\",\"not an object\"]");
        server.push("4214[\"question\",{\"n\":7}]");
        await().atMost(WAIT).until(() -> server.received.contains("314[7]"));
        assertThat(server.received).noneMatch(p -> p.startsWith("313"));
        assertThat(s.connected()).isTrue();
    }

    @Test
    void aTypedEmitWithAckMapsTheAnswerOrFailsWithATypedError() throws Exception {
        server = new FakeEngineServer((sid, p) -> {
            if (p.startsWith("2") && p.contains("\"price\"")) {
                String id = p.substring(1, p.indexOf('['));
                return List.of("3" + id + (p.contains("\"bad\"") ? "[\"five\"]" : "[{\"amount\":5}]"));
            }
            return FakeEngineServer.acceptConnect(sid, p);
        });
        Socket s = connect();
        assertThat(s.timeout(WAIT).emitWithAck(Price.class, "price", "good").get(10, TimeUnit.SECONDS))
                .isEqualTo(new Price(5));
        CompletableFuture<Price> bad = s.emitWithAck(Price.class, "price", "bad");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PayloadMappingException.class);
        CompletableFuture<Price> late = s.timeout(Duration.ofMillis(50)).emitWithAck(Price.class, "never");
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AckException.class);
    }

    @Test
    void disconnectListenersGetTheReasonAsAnEnum() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = connect();
        List<Object> reasons = new CopyOnWriteArrayList<>();
        s.onDisconnect((reason, details) -> reasons.add(reason));
        s.on("disconnect", args -> reasons.add(args[0]));
        server.push("41");
        await().atMost(WAIT).until(() -> reasons.size() == 2);
        assertThat(reasons).containsExactly(DisconnectReason.IO_SERVER_DISCONNECT, "io server disconnect");
        assertThat(DisconnectReason.IO_SERVER_DISCONNECT.reconnects()).isFalse();
        assertThat(DisconnectReason.TRANSPORT_CLOSE.reconnects()).isTrue();
    }

    @Test
    void everyReasonHasItsSocketIoName() {
        for (DisconnectReason r : DisconnectReason.values()) {
            assertThat(DisconnectReason.of(r.wireName())).isSameAs(r);
        }
        assertThat(DisconnectReason.of("io client disconnect")).isEqualTo(DisconnectReason.IO_CLIENT_DISCONNECT);
        assertThatThrownBy(() -> DisconnectReason.of("bogus")).isInstanceOf(IllegalArgumentException.class);
    }
}
