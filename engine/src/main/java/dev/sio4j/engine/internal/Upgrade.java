// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attempt to move a polling session onto a WebSocket: {@code 2probe} is answered with
 * {@code 3probe}, {@code 5} completes it, anything else or upgradeTimeout cancels it and closes
 * the WebSocket. After the probe, a check every {@link #CHECK_INTERVAL_MILLIS} releases a
 * pending GET with a NOOP so the client can pause polling; as in engine.io the first check runs
 * one interval after the probe, not at once (socket.io-client's suite counts the packets of its
 * first 100 ms). Confined to the session's event loop.
 */
final class Upgrade {

    static final long CHECK_INTERVAL_MILLIS = 100;

    private final Session session;
    private final WebSocketTransport ws;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> check;
    private boolean done;

    Upgrade(Session session, WebSocketTransport ws) {
        this.session = session;
        this.ws = ws;
    }

    WebSocketTransport ws() {
        return ws;
    }

    void start(long timeoutMillis) {
        session.beginUpgrade(this);
        timer = session.eventLoop().schedule(() -> {
            if (!done) {
                finish();
                ws.close(false);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    void onPacket(EnginePacket packet) {
        if (done) {
            return;
        }
        if (packet.type() == EnginePacketType.PING && "probe".equals(packet.text())) {
            ws.writeNow(new TextWebSocketFrame("3probe"));
            cancelCheck(); // a repeated probe restarts the checks, as engine.io's interval does
            check = session.eventLoop().scheduleAtFixedRate(this::releasePendingPoll,
                    CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        } else if (packet.type() == EnginePacketType.UPGRADE) {
            cancelTimer();
            done = true;
            session.completeUpgrade(ws);
        } else {
            finish();
            ws.close(false);
        }
    }

    /** The WebSocket went away before the upgrade completed. */
    void onClosed() {
        if (!done) {
            finish();
        }
    }

    /** The session closed during the upgrade. */
    void cancel() {
        if (!done) {
            done = true;
            cancelTimer();
            ws.close(false);
        }
    }

    private void finish() {
        done = true;
        cancelTimer();
        session.upgradeEnded();
    }

    private void releasePendingPoll() {
        if (!done && session.transportSink() instanceof PollingTransport polling) {
            polling.releaseWithNoop();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
        cancelCheck();
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
