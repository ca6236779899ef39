// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.Listener;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.protocol.socketio.SocketPacket;
import io.netty.channel.EventLoop;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The manager: the public face of one connection. Its parts: {@link ManagerLoop} (the thread),
 * {@link ManagerSession} (the Engine.IO session's lifecycle), {@link Reconnector} (backoff),
 * {@link Namespaces} (the sockets multiplexed over the session).
 *
 * <p>Thread-safe: public methods hop to the event loop; the mutable state is confined to it.
 */
public final class RealManager implements Manager {

    private static final Logger log = LoggerFactory.getLogger(RealManager.class);

    private final URI uri;
    private final ClientOptions options;
    final Codec codec;
    private final EventRegistry events = new EventRegistry();
    private final Namespaces sockets = new Namespaces();
    private final ManagerLoop loop;
    private final ManagerSession session;

    /** A manager on {@code runtime}'s loops, or on a private one-thread runtime when it is null. */
    public RealManager(URI uri, ClientOptions options, EventLoops runtime) {
        this(uri, options, runtime, m -> { });
    }

    /**
     * As above; {@code onClosed} is told, on the manager's loop, each time the manager is closed
     * on purpose ({@link #close()}, or its last socket leaving). It must not block.
     */
    public RealManager(URI uri, ClientOptions options, EventLoops runtime, Consumer<? super RealManager> onClosed) {
        this(uri, options, runtime, Timers::on, () -> ThreadLocalRandom.current().nextDouble(), onClosed);
    }

    /** For tests: injectable timers and randomness. */
    RealManager(URI uri, ClientOptions options, EventLoops runtime, Function<EventLoop, Timers> timersFactory,
                DoubleSupplier random) {
        this(uri, options, runtime, timersFactory, random, m -> { });
    }

    private RealManager(URI uri, ClientOptions options, EventLoops runtime,
                        Function<EventLoop, Timers> timersFactory, DoubleSupplier random,
                        Consumer<? super RealManager> onClosed) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onClosed, "onClosed");
        if (options.insecureTrustAll()) {
            log.warn("insecureTrustAll is on for {}: the server's certificate is not checked, so anyone on the path "
                    + "can read and change this connection's traffic", uri.getHost());
        }
        this.loop = new ManagerLoop(runtime, timersFactory);
        this.codec = new Codec(options.objectMapper(), options.decoderLimits());
        Backoff backoff = new Backoff(options.reconnectionDelay().toMillis(), options.reconnectionDelayMax().toMillis(),
                options.randomizationFactor(), random);
        this.session = new ManagerSession(uri, options, events, sockets, loop, codec, backoff,
                () -> onClosed.accept(this));
    }

    // ---- public API ----

    @Override
    public Socket socket(String namespace) {
        return socket(namespace, options);
    }

    @Override
    public Socket socket(String namespace, ClientOptions socketOptions) {
        Objects.requireNonNull(namespace, "namespace");
        String nsp = Namespaces.normalize(namespace);
        ClientOptions opts = socketOptions != null ? socketOptions : options;
        RealSocket created = new RealSocket(this, nsp, opts);
        RealSocket existing = sockets.putIfAbsent(nsp, created);
        RealSocket socket = existing != null ? existing : created;
        if (opts.autoConnect() && (existing == null || !socket.active())) {
            socket.connect();
        }
        return socket;
    }

    /** Whether a socket of {@code namespace} was made by this manager. */
    public boolean hasSocket(String namespace) {
        return sockets.has(Namespaces.normalize(namespace));
    }

    @Override
    public Manager open() {
        execute(() -> session.open(null), true);
        return this;
    }

    @Override
    public void close() {
        execute(session::close, false);
    }

    /**
     * Closes like {@link #close()}; the future completes once buffered packets were written and
     * the connection is closed (and a private runtime's thread is stopping).
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            session.close();
            session.whenClosed(() -> done.complete(null));
        }, false);
        if (loop.isClosed()) {
            done.complete(null);
        }
        return done;
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
        return session.transport();
    }

    // ---- for the sockets (on the loop unless said otherwise) ----

    /** Runs {@code task} on the loop (any thread); {@code start} tasks may start a stopped private runtime. */
    void execute(Runnable task, boolean start) {
        loop.execute(task, start);
    }

    Timers timers() {
        return loop.timers();
    }

    EventLoop loop() {
        return loop.loop();
    }

    /** Opens the session unless it is open, opening or waiting for a reconnection attempt. */
    void openForSocket() {
        if (!session.isReconnecting()) {
            session.open(null);
        }
    }

    boolean isOpen() {
        return session.isOpen();
    }

    boolean engineWritable() {
        return session.engineWritable();
    }

    /** Writes one packet (and its attachments); dropped when no session is open. */
    void packet(SocketPacket packet) {
        session.packet(packet, true);
    }

    /** Writes one packet; {@code compress} is the emit's flag (WebSocket permessage-deflate only). */
    void packet(SocketPacket packet, boolean compress) {
        session.packet(packet, compress);
    }

    /** A socket left: close the connection once no socket is active (as socket.io-client does). */
    void onSocketDestroyed() {
        if (!sockets.anyActive()) {
            session.close();
        }
    }
}
