// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** Drives the listener the way the JDK does, with a stub WebSocket that counts {@code request(n)}. */
class RawWebSocketTest {

    private final Stub ws = new Stub();
    private final RawWebSocket r = new RawWebSocket(false, false);

    @Test
    void partsAreJoinedIntoWholeMessagesAndOneMoreIsRequestedEachTime() {
        r.onOpen(ws);
        r.onText(ws, "4hel", false);
        r.onText(ws, "lo", true);
        r.onBinary(ws, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), false);
        r.onBinary(ws, ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), true);
        r.onText(ws, "2", true);
        assertThat(r.pendingMessages()).containsExactly(new RawWebSocket.Text("4hello"),
                r.pendingMessages().get(1), new RawWebSocket.Text("2"));
        assertThat(r.pendingMessages().get(1).bytes()).asString(StandardCharsets.US_ASCII).isEqualTo("abcd");
        assertThat(ws.requested).isEqualTo(6);
        assertThat(r.closed()).isNotDone();
        assertThat(r.textFrames()).as("pings left out").containsExactly("4hello");
        assertThat(r.nextText()).isEqualTo("4hello");
        assertThat(r.nextFrame().bytes()).hasSize(4);
        assertThat(r.nextFrame().isPing()).isTrue();
        assertThatThrownBy(() -> r.nextFrame(Duration.ofMillis(20))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no frame within");
    }

    @Test
    void closeStatusIsRecordedAndAnErrorCountsAsMinusOne() {
        r.onClose(ws, 1005, "");
        assertThat(r.closed()).isCompletedWithValue(1005);
        assertThat(r.awaitClosed(Duration.ZERO)).isTrue();
        assertThat(r.awaitCloseCode()).isEqualTo(1005);
        assertThat(r.pendingMessages()).isEmpty();
        assertThat(r.awaitClose(Duration.ofSeconds(1))).isEqualTo(new RawWebSocket.Closed(1005, ""));

        RawWebSocket failed = new RawWebSocket(false, false);
        assertThat(failed.awaitClosed(Duration.ofMillis(10))).isFalse();
        failed.onError(ws, new java.io.IOException("reset"));
        assertThat(failed.closed()).isCompletedWithValue(-1);
        assertThat(failed.nextFrame()).isInstanceOfSatisfying(RawWebSocket.Closed.class, c -> assertThat(c.code()).isEqualTo(-1));
    }

    @Test
    void pollReturnsTheHeadOrFailsWithTheGivenMessage() {
        LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>(List.of("first"));
        assertThat(RawWebSocket.poll(q, Duration.ofSeconds(1), () -> "unused")).isEqualTo("first");
        assertThatThrownBy(() -> RawWebSocket.poll(q, Duration.ofMillis(20), () -> "nothing came"))
                .isInstanceOf(AssertionError.class).hasMessage("nothing came");
    }

    @Test
    void closeAndAbortDoNothingBeforeAnyHandshake() {
        RawWebSocket never = new RawWebSocket(false, false);
        assertThat(never.socket()).isNull();
        assertThatCode(never::close).doesNotThrowAnyException();
        assertThatCode(never::abort).doesNotThrowAnyException();
        assertThat(never.closed()).isNotDone();
    }

    /** A real refused handshake (a plain HTTP server answering 404), then the usual cleanup. */
    @Test
    void closeAndAbortDoNothingAfterAFailedHandshake() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
        try {
            String url = "ws://127.0.0.1:" + http.getAddress().getPort() + "/ws";
            assertThatThrownBy(() -> RawWebSocket.open(HttpClient.newHttpClient(), url))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(RawWebSocket.refusedStatus(url)).isEqualTo(404);
            RawWebSocket refused = RawWebSocket.to(url).refusalAsClose().open();
            assertThat(refused.socket()).isNull();
            assertThat(refused.isOpen()).isFalse();
            assertThat(refused.nextFrame()).isInstanceOfSatisfying(RawWebSocket.Closed.class,
                    c -> assertThat(c.reason()).contains("WebSocketHandshakeException"));
            assertThatCode(refused::close).doesNotThrowAnyException();
            assertThatCode(refused::abort).doesNotThrowAnyException();
            assertThatThrownBy(() -> refused.nextPacket()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Socket.IO mode");
        } finally {
            http.stop(0);
        }
    }

    /** Only what the listener calls is implemented; the rest is not needed here. */
    private static final class Stub implements WebSocket {
        int requested;

        @Override
        public void request(long n) {
            requested += (int) n;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
            throw new UnsupportedOperationException();
        }
    }
}
