// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test-only views of a session's loop-confined state, read on the session's own loop so that
 * tests wait for observable conditions instead of sleeping. Public for the tests in
 * {@code dev.sio4j.engine}; not part of the engine.
 */
public final class SessionProbe {

    private SessionProbe() {
    }

    /** Whether a polling GET is parked on the session right now. */
    public static boolean hasPendingGet(EngineSocket socket) {
        return onLoop(socket, s -> s.transportSink() instanceof PollingTransport p && p.hasPendingGet());
    }

    /** Whether a polling POST has started and not yet ended. */
    public static boolean hasPostInFlight(EngineSocket socket) {
        return onLoop(socket, s -> s.transportSink() instanceof PollingTransport p && p.postInFlight());
    }

    /** Whether the session's WebSocket (current, or the one being upgraded to) lives on another event loop. */
    public static boolean webSocketOnAnotherLoop(EngineSocket socket) {
        return onLoop(socket, s -> {
            WebSocketTransport ws = s.transportSink() instanceof WebSocketTransport w ? w
                    : s.upgrade() != null ? s.upgrade().ws() : null;
            return ws != null && ws.channel().eventLoop() != s.eventLoop();
        });
    }

    /** Whether an upgrade is in progress. */
    public static boolean isUpgrading(EngineSocket socket) {
        return onLoop(socket, s -> s.upgrade() != null);
    }

    /** Bytes queued or reserved in the session's outbound queue. */
    public static long queuedBytes(EngineSocket socket) {
        return ((Session) socket).outboundQueue().bytes();
    }

    /**
     * What a polling GET gets when it reaches the session now, having found the sid before
     * whatever happened to the session since (the race of a GET with a close). The answer is
     * captured on an embedded channel: "status body".
     */
    public static String pollThatFoundTheSid(EngineSocket socket) {
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
        try {
            HttpResponder get = new HttpResponder(channel, io.netty.handler.codec.http.HttpVersion.HTTP_1_1, true,
                    null, new Cors(null), keep -> { }, (DefaultEngineRequest) socket.request(), new Refusals());
            onLoop(socket, s -> {
                PollingRequests.onGet(s, get);
                return null;
            });
            io.netty.handler.codec.http.FullHttpResponse res = channel.readOutbound();
            if (res == null) {
                return "no answer";
            }
            try {
                return res.status().code() + " " + res.content().toString(java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                res.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static <T> T onLoop(EngineSocket socket, Function<Session, T> read) {
        Session s = (Session) socket;
        CompletableFuture<T> result = new CompletableFuture<>();
        s.onLoop(() -> result.complete(read.apply(s)));
        return result.orTimeout(5, TimeUnit.SECONDS).join();
    }
}
