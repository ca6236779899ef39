// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-level view of refusals (issue 9, item 5): connection_error for refused HTTP
 * requests, and the Socket.IO layer's own refusals on the same counters.
 */
class RefusalsTest extends ServerTestBase {

    @Test
    void refusedRequestsReachTheServersListenerAndSocketIoRefusalsAreCounted() throws Exception {
        BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();
        start(b -> b.options(o -> o.maxNamespacesPerClient(2)));
        io.onConnectionError(errors::add);
        io.of("/private").use((socket, next) -> next.fail(new ConnectError("unauthorized")));
        listen();

        HttpResponse<String> r = RawClient.shared().get("http://127.0.0.1:" + address.getPort()
                + "/socket.io/?EIO=4&transport=polling", "Origin", "https://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        ConnectionError e = errors.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.cause()).isEqualTo(RefusalCause.ORIGIN);
        assertThat(e.path()).isEqualTo("/socket.io/");

        RawWebSocket c = connected();
        assertThat(c.connectNs("/private", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(c.connectNs("/nowhere", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        io.of("/a");
        io.of("/b");
        assertThat(c.connectNs("/a", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.connectNs("/b", null).data().path("message").asText()).isEqualTo("Too many namespaces");
        c.sendPacket("2[\"connect\"]"); // a reserved event name: a protocol violation
        assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(io.refusals().snapshot())
                .containsEntry(RefusalCause.ORIGIN, 1L)
                .containsEntry(RefusalCause.AUTH, 1L)
                .containsEntry(RefusalCause.BAD_REQUEST, 1L)
                .containsEntry(RefusalCause.LIMIT, 1L)
                .containsEntry(RefusalCause.PROTOCOL_VIOLATION, 1L));
        assertThat(errors).as("namespace refusals are not HTTP refusals").isEmpty();
    }
}
