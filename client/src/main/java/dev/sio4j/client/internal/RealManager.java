package dev.sio4j.client.internal;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.Listener;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.client.internal.engine.EngineClient;
import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The manager: one Engine.IO session at a time, reconnection with backoff, namespaces
 * multiplexed over the session.
 *
 * <p>Thread-safe: public methods hop to the event loop; all mutable state below the marked line
 * is confined to it.
 */
public final class RealManager implements Manager {

    private enum ReadyState { CLOSED, OPENING, OPEN }

    private final URI uri;
    private final ClientOptions options;
    private final boolean ownsRuntime;
    private final Function<EventLoop, Timers> timersFactory;
    private final Backoff backoff;
    final Codec codec;
    private final EventRegistry events = new EventRegistry();
    private final Map<String, RealSocket> nsps = new ConcurrentHashMap<>();
    private final Connection connection;
    private volatile ClientRuntime runtime;
    private volatile EventLoop loop;
    private volatile Timers timers;

    // ---- confined to the event loop ----
    private volatile ReadyState readyState = ReadyState.CLOSED;
    private EngineClient engine;
    private EngineClient lastEngine;
    private boolean skipReconnect;
    private volatile boolean reconnecting;
    private Timers.Cancellable reconnectTimer;
    private Timers.Cancellable openTimer;
    private OpenCallback pendingOpen;

    /** The outcome of one open attempt started by a reconnection. */
    private interface OpenCallback {
        void done(Throwable error);
    }

    public RealManager(URI uri, ClientOptions options, ClientRuntime runtime) {
        this(uri, options, runtime, Timers::on, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: injectable timers and randomness. */
    RealManager(URI uri, ClientOptions options, ClientRuntime runtime, Function<EventLoop, Timers> timersFactory,
                DoubleSupplier random) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.options = options;
        this.ownsRuntime = runtime == null;
        this.runtime = runtime != null ? runtime : ClientRuntime.create(1);
        this.loop = this.runtime.eventLoopGroup().next();
        this.timersFactory = timersFactory;
        this.timers = timersFactory.apply(loop);
        this.backoff = new Backoff(options.reconnectionDelay().toMillis(), options.reconnectionDelayMax().toMillis(),
                options.randomizationFactor(), random);
        this.codec = new Codec(options.objectMapper(), options.decoderLimits());
        this.connection = new Connection(this, uri, options);
    }

    // ---- threading ----

    /**
     * Runs {@code task} on the event loop. {@code start} tasks may revive a private runtime that a
     * close stopped; other tasks then run inline under this lock, as no loop thread exists.
     */
    void execute(Runnable task, boolean start) {
        EventLoop l;
        synchronized (this) {
            if (runtime.isClosed()) {
                if (!ownsRuntime) {
                    return;
                }
                if (!start) {
                    task.run();
                    return;
                }
                runtime = ClientRuntime.create(1);
                loop = runtime.eventLoopGroup().next();
                timers = timersFactory.apply(loop);
            }
            l = loop;
        }
        if (l.inEventLoop()) {
            task.run();
        } else {
            l.execute(task);
        }
    }

    Timers timers() {
        return timers;
    }

    EventLoop loop() {
        return loop;
    }

    // ---- public API ----

    @Override
    public Socket socket(String namespace) {
        return socket(namespace, options);
    }

    @Override
    public Socket socket(String namespace, ClientOptions socketOptions) {
        Objects.requireNonNull(namespace, "namespace");
        String nsp = namespace.startsWith("/") ? namespace : "/" + namespace;
        ClientOptions opts = socketOptions != null ? socketOptions : options;
        RealSocket created = new RealSocket(this, nsp, opts);
        RealSocket socket = nsps.putIfAbsent(nsp, created);
        if (socket == null) {
            socket = created;
            if (opts.autoConnect()) {
                socket.connect();
            }
        } else if (opts.autoConnect() && !socket.active()) {
            socket.connect();
        }
        return socket;
    }

    /** Whether a socket of {@code namespace} was made by this manager. */
    public boolean hasSocket(String namespace) {
        return nsps.containsKey(namespace.startsWith("/") ? namespace : "/" + namespace);
    }

    @Override
    public Manager open() {
        execute(() -> open(null), true);
        return this;
    }

    @Override
    public void close() {
        execute(this::closeOnLoop, false);
    }

    @Override
    public Manager on(String event, Listener listener) {
        events.on(event, listener, listener, false);
        return this;
    }

    @Override
    public Manager on(String event, Runnable listener) {
        events.on(event, listener, args -> listener.run(), false);
        return this;
    }

    @Override
    public Manager once(String event, Listener listener) {
        events.on(event, listener, listener, true);
        return this;
    }

    @Override
    public Manager off(String event, Object listener) {
        events.off(event, listener);
        return this;
    }

    @Override
    public Manager off(String event) {
        events.off(event);
        return this;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public ClientOptions options() {
        return options;
    }

    @Override
    public String transport() {
        EngineClient e = engine;
        return readyState == ReadyState.OPEN && e != null ? e.transportName() : null;
    }

    // ---- loop-confined internals ----

    boolean isOpen() {
        return readyState == ReadyState.OPEN;
    }

    boolean isReconnecting() {
        return reconnecting;
    }

    boolean engineWritable() {
        return engine != null && engine.isWritable();
    }

    void open(OpenCallback callback) {
        if (readyState != ReadyState.CLOSED) {
            return;
        }
        readyState = ReadyState.OPENING;
        skipReconnect = false;
        pendingOpen = callback;
        engine = connection.newEngine(loop);
        lastEngine = engine;
        openTimer = timers.schedule(() -> {
            if (readyState == ReadyState.OPENING) {
                EngineClient e = engine;
                openFailed(new IOException("timeout"));
                if (e != null) {
                    e.close();
                }
            }
        }, options.timeout().toMillis());
        engine.open();
    }

    /** Called by {@link Connection} when the engine handshake completed. */
    void onEngineOpen() {
        cancelOpenTimer();
        readyState = ReadyState.OPEN;
        events.emit("open");
        OpenCallback cb = pendingOpen;
        pendingOpen = null;
        if (cb != null) {
            cb.done(null);
        }
        for (RealSocket s : nsps.values()) {
            if (s.subscribed() && readyState == ReadyState.OPEN) {
                s.onManagerOpen();
            }
        }
    }

    void onPacket(SocketPacket packet) {
        RealSocket s = nsps.get(packet.namespace());
        if (s != null && s.subscribed()) {
            s.onPacket(packet);
        }
    }

    void onPing() {
        events.emit("ping");
    }

    void onEngineError(String message, Throwable cause) {
        if (readyState == ReadyState.OPENING) {
            openFailed(cause != null ? cause : new IOException(message));
            return;
        }
        Throwable error = cause != null ? cause : new IOException(message);
        events.emit("error", error);
        nsps.values().forEach(s -> s.onManagerError(error));
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

    private void openFailed(Throwable error) {
        cancelOpenTimer();
        EngineClient e = engine;
        engine = null;
        connection.detach();
        readyState = ReadyState.CLOSED;
        if (e != null) {
            e.close();
        }
        events.emit("error", error);
        for (RealSocket s : nsps.values()) {
            if (s.subscribed()) {
                s.onManagerError(error);
            }
        }
        OpenCallback cb = pendingOpen;
        pendingOpen = null;
        if (cb != null) {
            cb.done(error);
        } else if (!reconnecting && options.reconnection() && backoff.attempts() == 0) {
            reconnect();
        }
    }

    private void onClose(String reason, Throwable cause) {
        cancelOpenTimer();
        EngineClient e = engine;
        engine = null;
        connection.detach();
        if (e != null) {
            e.close();
        }
        backoff.reset();
        readyState = ReadyState.CLOSED;
        events.emit("close", reason, cause);
        for (RealSocket s : nsps.values()) {
            if (s.subscribed()) {
                s.onManagerClose(reason, cause);
            }
        }
        if (options.reconnection() && !skipReconnect) {
            reconnect();
        }
    }

    private void reconnect() {
        if (reconnecting || skipReconnect) {
            return;
        }
        if (backoff.attempts() >= options.reconnectionAttempts()) {
            backoff.reset();
            events.emit("reconnect_failed");
            reconnecting = false;
            return;
        }
        long delay = backoff.duration();
        reconnecting = true;
        reconnectTimer = timers.schedule(() -> {
            reconnectTimer = null;
            if (skipReconnect) {
                return;
            }
            events.emit("reconnect_attempt", backoff.attempts());
            if (skipReconnect) {
                return;
            }
            open(error -> {
                if (error != null) {
                    reconnecting = false;
                    reconnect();
                    events.emit("reconnect_error", error);
                } else {
                    int attempts = backoff.attempts();
                    reconnecting = false;
                    backoff.reset();
                    events.emit("reconnect", attempts);
                }
            });
        }, delay);
    }

    /** Writes one packet (and its attachments) to the engine; dropped when no engine is open. */
    void packet(SocketPacket packet) {
        packet(packet, true);
    }

    /** Writes one packet; {@code compress} is the emit's flag (WebSocket permessage-deflate only). */
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

    /** A socket left: close the connection once no socket is active (as socket.io-client does). */
    void onSocketDestroyed() {
        for (RealSocket s : nsps.values()) {
            if (s.active()) {
                return;
            }
        }
        closeOnLoop();
    }

    private void closeOnLoop() {
        skipReconnect = true;
        reconnecting = false;
        // as socket.io-client's close: a later open() counts its reconnection attempts afresh
        backoff.reset();
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        if (readyState == ReadyState.OPENING) {
            cancelOpenTimer();
            EngineClient e = engine;
            engine = null;
            connection.detach();
            readyState = ReadyState.CLOSED;
            pendingOpen = null;
            if (e != null) {
                e.close();
            }
        } else if (readyState == ReadyState.OPEN) {
            onClose("forced close", null);
        }
        if (ownsRuntime) {
            // The private thread stops once the last session wrote what it had buffered.
            ClientRuntime r = runtime;
            whenEngineClosed(() -> r.eventLoopGroup().shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS));
        }
    }

    private void whenEngineClosed(Runnable hook) {
        if (lastEngine != null) {
            lastEngine.whenClosed(hook);
        } else {
            hook.run();
        }
    }

    /**
     * Closes like {@link #close()}; the future completes once buffered packets were written and
     * the connection is closed (and a private runtime's thread is stopping).
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            closeOnLoop();
            whenEngineClosed(() -> done.complete(null));
        }, false);
        if (runtime.isClosed()) {
            done.complete(null);
        }
        return done;
    }

    private void cancelOpenTimer() {
        if (openTimer != null) {
            openTimer.cancel();
            openTimer = null;
        }
    }
}
