// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NamespaceTest extends ServerTestBase {

    @Test
    void unknownNamespaceGetsConnectErrorAndTheConnectionStaysOpen() {
        start(b -> { });
        listen();
        RawWebSocket c = client();
        SocketPacket err = c.connectNs("/random", null);
        assertThat(err.type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(c.textFrames()).contains("44/random,{\"message\":\"Invalid namespace\"}");
        assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void staticNamespacesAreSeparate() {
        List<String> seen = new CopyOnWriteArrayList<>();
        start(b -> { });
        io.of("/chat").on("connection", s -> s.on("msg", (JsonNode m) -> seen.add("chat:" + m.asText())));
        io.on("connection", s -> s.on("msg", (JsonNode m) -> seen.add("main:" + m.asText())));
        listen();
        RawWebSocket c = client();
        c.connectNs("/", null);
        SocketPacket chat = c.connectNs("/chat", null);
        assertThat(chat.namespace()).isEqualTo("/chat");
        c.sendPacket("2/chat,[\"msg\",\"a\"]").sendPacket("2[\"msg\",\"b\"]");
        await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactlyInAnyOrder("chat:a", "main:b");
        io.of("/chat").emit("hello", 1);
        SocketPacket hello = c.nextEvent();
        assertThat(hello.namespace()).isEqualTo("/chat");
    }

    @Test
    void regexAndPredicateParentsCreateChildrenWithInheritedHandlers() {
        List<String> connected = new CopyOnWriteArrayList<>();
        start(b -> b.cleanupEmptyChildNamespaces(true));
        Namespace dyn = io.of(Pattern.compile("^/dynamic-\\d+$"));
        dyn.use((s, next) -> next.proceed());
        dyn.on("connection", s -> connected.add(s.namespace().name()));
        io.of((name, auth) -> name.startsWith("/tenant-") && auth.path("ok").asBoolean())
                .on("connection", s -> connected.add(s.namespace().name()));
        listen();
        RawWebSocket c = client();
        assertThat(c.connectNs("/dynamic-101", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.connectNs("/dynamic-abc", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(c.connectNs("/tenant-1", "{\"ok\":false}").type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(c.connectNs("/tenant-1", "{\"ok\":true}").type()).isEqualTo(SocketPacketType.CONNECT);
        await().until(() -> connected.size() == 2);
        assertThat(connected).containsExactly("/dynamic-101", "/tenant-1");
        dyn.emit("all", 1);
        assertThat(c.nextEvent().namespace()).isEqualTo("/dynamic-101");
        // empty children are removed when their last socket leaves
        c.sendPacket("1/dynamic-101,");
        await().until(() -> dyn.sockets().isEmpty());
    }

    @Test
    void middlewareFailureSendsConnectErrorWithMessageAndData() {
        start(b -> { });
        io.use((socket, next) -> {
            if (socket.handshake().auth().path("token").asText("").equals("good")) {
                socket.data().put("user", "alice");
                next.proceed();
            } else {
                next.fail(new ConnectError("unauthorized", Map.of("retry", false)));
            }
        });
        io.of("/throws").use((s, next) -> {
            throw new IllegalStateException("boom");
        });
        List<Object> users = new CopyOnWriteArrayList<>();
        io.on("connection", s -> users.add(s.data().get("user")));
        listen();
        RawWebSocket c = client();
        SocketPacket err = c.connectNs("/", "{\"token\":\"bad\"}");
        assertThat(err.type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(c.textFrames()).contains("44{\"message\":\"unauthorized\",\"data\":{\"retry\":false}}");
        // An exception's own text stays on the server (MiddlewareErrorTest).
        assertThat(c.connectNs("/throws", null).data().get("message").asText()).isEqualTo("server error");
        assertThat(c.connectNs("/", "{\"token\":\"good\"}").type()).isEqualTo(SocketPacketType.CONNECT);
        await().until(() -> users.size() == 1);
        assertThat(users).containsExactly("alice");
    }

    @Test
    void asyncMiddlewareOnAnExecutorAndListenersOnAnExecutorKeepOrder() throws Exception {
        var exec = Executors.newFixedThreadPool(4);
        try {
            List<Integer> order = new CopyOnWriteArrayList<>();
            start(b -> b.listenerExecutor(exec));
            io.use((s, next) -> exec.execute(next::proceed));
            io.on("connection", s -> s.on("n", (JsonNode n) -> order.add(n.asInt())));
            listen();
            RawWebSocket c = connected();
            for (int i = 0; i < 200; i++) {
                c.sendPacket("2[\"n\"," + i + "]");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 200);
            for (int i = 0; i < 200; i++) {
                assertThat(order.get(i)).isEqualTo(i);
            }
        } finally {
            exec.shutdownNow();
        }
    }
}
