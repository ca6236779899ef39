// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.engine;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineServer;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.testsupport.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the official client sees when the server sends a last message and closes at once (the
 * sio4j server's {@code socket.disconnect(true)} does exactly that: a DISCONNECT packet, then the
 * engine close). engine.io's close waits for the write buffer to drain, so over long-polling the
 * queued packets go out in one poll and the CLOSE alone in the next. That matters:
 * socket.io-client hands decoded packets to its sockets on the next tick but handles an engine
 * CLOSE at once, so a payload "41␞1" makes it report "transport close" (and try to reconnect)
 * instead of "io server disconnect".
 *
 * <p>That last poll reads {@code 6␞1}, not {@code 1}, as engine.io 6.6 writes it: its polling
 * transport, closed while no GET is pending, keeps the close until the next GET, which finds
 * nothing to flush, triggers an empty send (a NOOP) and appends the CLOSE to it. The client
 * ignores the NOOP; the bytes are asserted so that the wire stays engine.io's.
 */
class EngineCloseFlushTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** engine.io's lingering poll: a NOOP, then the CLOSE. */
    private static final String LAST_POLL = "6\u001e1";
    private EngineServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void pollingDeliversQueuedMessagesBeforeTheClose() throws Exception {
        exchange(true);
    }

    /** Without a poll pending at close time, the next poll takes the packets, the one after the CLOSE. */
    @Test
    void pollingKeepsQueuedMessagesAndTheCloseForTheNextPoll() throws Exception {
        exchange(false);
    }

    /**
     * The shape of the server's {@code disconnect(true)}: a task on the session's event loop, not
     * a reaction to a request, sends and closes while a poll is pending.
     */
    @Test
    void pollingDeliversQueuedMessagesBeforeACloseFromAnEventLoopTask() throws Exception {
        var sessions = new java.util.concurrent.LinkedBlockingQueue<EngineSocket>();
        server = EngineServer.create(EngineOptions.defaults(), socket -> {
            socket.setListener(new EngineSocket.Listener() {
                @Override
                public void onMessage(String text) {
                }

                @Override
                public void onBinary(byte[] data) {
                }

                @Override
                public void onClose(CloseReason reason, String description) {
                }
            });
            sessions.add(socket);
        });
        InetSocketAddress address = server.listen("127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        RawClient http = RawClient.shared();
        String base = "http://127.0.0.1:" + address.getPort() + "/engine.io/?EIO=4&transport=polling";
        http.get(base);
        EngineSocket socket = sessions.poll(10, TimeUnit.SECONDS);
        String session = base + "&sid=" + socket.id();
        var poll = http.getAsync(session);
        // Let the poll become pending: a ping round trip over a second session proves the server
        // has read requests sent before it (both go to the same two-thread server).
        http.get(base);
        socket.eventLoop().execute(() -> {
            socket.send("last words");
            socket.close();
        });
        assertThat(poll.get(10, TimeUnit.SECONDS).body()).isEqualTo("4last words");
        assertThat(http.get(session).body()).isEqualTo(LAST_POLL);
    }

    private void exchange(boolean pollPending) throws Exception {
        server = EngineServer.create(EngineOptions.defaults(), socket -> socket.setListener(new EngineSocket.Listener() {
            @Override
            public void onMessage(String text) {
                socket.send("last words");
                socket.close();
            }

            @Override
            public void onBinary(byte[] data) {
            }

            @Override
            public void onClose(CloseReason reason, String description) {
            }
        }));
        InetSocketAddress address = server.listen("127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        RawClient http = RawClient.shared();
        String base = "http://127.0.0.1:" + address.getPort() + "/engine.io/?EIO=4&transport=polling";
        String open = http.get(base).body();
        String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf('"', open.indexOf("\"sid\":\"") + 7));
        String session = base + "&sid=" + sid;
        var poll = pollPending ? http.getAsync(session) : null;
        http.post(session, "4bye");
        if (poll == null) {
            poll = http.getAsync(session);
        }
        assertThat(poll.get(10, TimeUnit.SECONDS).body()).isEqualTo("4last words");
        assertThat(http.get(session).body()).isEqualTo(LAST_POLL);
    }
}
