// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.internal.engine.EngineClient;
import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.io.IOException;
import java.net.URI;

/**
 * A manager's Engine.IO session and its lifecycle: open with a connect timeout, the session's
 * events routed to the manager's listeners and sockets, loss (then {@link Reconnector}) and
 * close on purpose. One session at a time; {@link Connection} builds each one.
 *
 * <p>Confined to the manager's event loop ({@link #isOpen()} and {@link #transport()} may be
 * read from any thread).
 */
final class ManagerSession {

    private enum ReadyState { CLOSED, OPENING, OPEN }

    /** The outcome of one open attempt started by a reconnection: null on success. */
    interface OpenCallback {
        void done(Throwable error);
    }

    private final ClientOptions options;
    private final EventRegistry events;
    private final Namespaces sockets;
    private final ManagerLoop loop;
    private final Codec codec;
    private final Reconnector reconnector;
    private final Connection connection;
    private final Runnable onClosed;

    private volatile ReadyState readyState = ReadyState.CLOSED;
    private volatile EngineClient engine;
    private EngineClient lastEngine;
    private Timers.Cancellable openTimer;
    private OpenCallback pendingOpen;

    ManagerSession(URI uri, ClientOptions options, EventRegistry events, Namespaces sockets, ManagerLoop loop,
                   Codec codec, Backoff backoff, Runnable onClosed) {
        this.options = options;
        this.events = events;
        this.sockets = sockets;
        this.loop = loop;
        this.codec = codec;
        this.onClosed = onClosed;
        this.reconnector = new Reconnector(options, backoff, events, loop, this::open);
        this.connection = new Connection(this, codec, uri, options);
    }

    boolean isOpen() {
        return readyState == ReadyState.OPEN;
    }

    boolean isReconnecting() {
        return reconnector.active();
    }

    boolean engineWritable() {
        EngineClient e = engine;
        return e != null && e.isWritable();
    }

    /** The current transport's name while open, else null. */
    String transport() {
        EngineClient e = engine;
        return readyState == ReadyState.OPEN && e != null ? e.transportName() : null;
    }

    /** Writes one packet (and its attachments); dropped when no session is open. */
    void packet(SocketPacket packet, boolean compress) {
        EngineClient e = engine;
        if (e == null) {
            return;
        }
        EncodedPacket encoded = codec.encode(packet);
        e.send(EnginePacket.message(encoded.text()), compress);
        for (byte[] attachment : encoded.attachments()) {
            e.send(EnginePacket.binary(attachment), compress);
        }
    }

    /** Opens a session unless one is open or opening; {@code callback} is a reconnection's. */
    void open(OpenCallback callback) {
        if (readyState != ReadyState.CLOSED) {
            return;
        }
        readyState = ReadyState.OPENING;
        reconnector.allow();
        pendingOpen = callback;
        engine = connection.newEngine(loop.loop(), loop.resolvers());
        lastEngine = engine;
        openTimer = loop.timers().schedule(() -> {
            if (readyState == ReadyState.OPENING) {
                openFailed(new IOException("timeout"));
            }
        }, options.timeout().toMillis());
        engine.open();
    }

    // ---- the current session's callbacks, from Connection ----

    void onEngineOpen() {
        cancelOpenTimer();
        readyState = ReadyState.OPEN;
        events.emit("open");
        OpenCallback cb = pendingOpen;
        pendingOpen = null;
        if (cb != null) {
            cb.done(null);
        }
        for (RealSocket s : sockets.subscribed()) {
            if (s.subscribed() && readyState == ReadyState.OPEN) {
                s.onManagerOpen();
            }
        }
    }

    void onPacket(SocketPacket packet) {
        RealSocket s = sockets.subscribed(packet.namespace());
        if (s != null) {
            s.onPacket(packet);
        }
    }

    void onPing() {
        events.emit("ping");
    }

    void onEngineError(String message, Throwable cause) {
        Throwable error = cause != null ? cause : new IOException(message);
        if (readyState == ReadyState.OPENING) {
            openFailed(error);
            return;
        }
        events.emit("error", error);
        sockets.subscribed().forEach(s -> s.onManagerError(error));
    }

    void onEngineClose(String reason, Throwable cause) {
        if (readyState == ReadyState.OPENING) {
            openFailed(cause != null ? cause : new IOException(reason));
        } else if (readyState == ReadyState.OPEN) {
            onClose(reason, cause);
        }
    }

    /** A packet from the server broke the protocol: drop the session and reconnect with backoff. */
    void onParseError(ProtocolException e) {
        onClose("parse error", e);
    }

    // ---- endings ----

    private void openFailed(Throwable error) {
        dropEngine();
        events.emit("error", error);
        for (RealSocket s : sockets.subscribed()) {
            if (s.subscribed()) {
                s.onManagerError(error);
            }
        }
        OpenCallback cb = pendingOpen;
        pendingOpen = null;
        if (cb != null) {
            cb.done(error);
        } else {
            reconnector.onInitialOpenFailed();
        }
    }

    private void onClose(String reason, Throwable cause) {
        dropEngine();
        reconnector.onConnectionLost();
        events.emit("close", reason, cause);
        for (RealSocket s : sockets.subscribed()) {
            if (s.subscribed()) {
                s.onManagerClose(reason, cause);
            }
        }
        reconnector.afterConnectionLost();
    }

    /** Forgets the current session (its late callbacks are ignored) and closes it. */
    private void dropEngine() {
        cancelOpenTimer();
        EngineClient e = engine;
        engine = null;
        connection.detach();
        readyState = ReadyState.CLOSED;
        if (e != null) {
            e.close();
        }
    }

    /** Closed on purpose (the user, or the last socket leaving): no reconnection. */
    void close() {
        reconnector.stop();
        if (readyState == ReadyState.OPENING) {
            pendingOpen = null;
            dropEngine();
        } else if (readyState == ReadyState.OPEN) {
            onClose("forced close", null);
        }
        Runnable stopRuntime = loop.privateRuntimeStopper();
        if (stopRuntime != null) {
            // The private thread stops once the last session wrote what it had buffered.
            whenClosed(stopRuntime);
        }
        onClosed.run();
    }

    /** Runs {@code hook} once the last session is closed and wrote what it had buffered. */
    void whenClosed(Runnable hook) {
        if (lastEngine != null) {
            lastEngine.whenClosed(hook);
        } else {
            hook.run();
        }
    }

    private void cancelOpenTimer() {
        if (openTimer != null) {
            openTimer.cancel();
            openTimer = null;
        }
    }
}
