// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO v4 heartbeat of one session: the server pings every pingInterval and expects a
 * pong within pingTimeout. As in engine.io 6.6, any packet received recently also counts as a
 * sign of life when the timeout fires. Confined to the session's event loop.
 */
final class Heartbeat {

    /** One ping packet for every session: the record is immutable, and pings are many. */
    private static final EnginePacket PING = EnginePacket.of(EnginePacketType.PING);

    private final Session session;
    private final EventLoop loop;
    private final long intervalNanos;
    private final long timeoutNanos;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> timeoutTask;
    private long lastPacketNanos = System.nanoTime();
    private boolean stopped;

    Heartbeat(Session session, EventLoop loop, EngineOptions options) {
        this.session = session;
        this.loop = loop;
        this.intervalNanos = options.pingInterval().toNanos();
        this.timeoutNanos = options.pingTimeout().toNanos();
    }

    void start() {
        schedulePing();
    }

    void packetReceived() {
        lastPacketNanos = System.nanoTime();
    }

    void pongReceived() {
        cancel(timeoutTask);
        timeoutTask = null;
        cancel(pingTask);
        schedulePing();
    }

    void stop() {
        stopped = true;
        cancel(pingTask);
        cancel(timeoutTask);
        pingTask = null;
        timeoutTask = null;
    }

    private void schedulePing() {
        if (stopped) {
            return;
        }
        pingTask = loop.schedule(this::ping, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void ping() {
        if (stopped) {
            return;
        }
        session.sendPacket(PING);
        cancel(timeoutTask);
        timeoutTask = loop.schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void checkTimeout() {
        if (stopped) {
            return;
        }
        long idle = System.nanoTime() - lastPacketNanos;
        if (idle < timeoutNanos) {
            timeoutTask = loop.schedule(this::checkTimeout, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        session.closeNow(CloseReason.PING_TIMEOUT, "no pong within pingTimeout", false);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
