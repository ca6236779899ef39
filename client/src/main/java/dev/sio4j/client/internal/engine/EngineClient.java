// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO v4 client session: handshake, heartbeat (answers the server's pings, closes with
 * "ping timeout" when they stop), the write buffer, the upgrade from polling to websocket
 * (2probe/3probe, pause, 5) and close.
 *
 * <p>Confined to one event loop: call every method there; every {@link Listener} call runs there.
 */
public final class EngineClient {

    /** What the session reports, on its event loop. */
    public interface Listener {
        void onOpen(EngineClient engine);

        void onMessage(String text);

        void onBinary(byte[] data);

        void onPing();

        void onError(String message, Throwable cause);

        /** The session ended: "transport close", "transport error", "ping timeout", "parse error" or "forced close". */
        void onClose(String reason, Throwable cause);
    }

    private enum State { NEW, OPENING, OPEN, CLOSING, CLOSED }

    private final EngineConfig config;
    private final EventLoop loop;
    private final Listener listener;
    private final boolean startWithWebsocket;
    private final WriteBuffer writeBuffer = new WriteBuffer();
    /** The session's cookie jar ({@code withCredentials}), or null. */
    private final CookieJar cookies;
    private State state = State.NEW;
    private ClientTransport transport;
    private EngineHandshake handshake;
    private boolean upgrading;
    private boolean upgraded;
    private ScheduledFuture<?> pingTimer;
    private final List<Runnable> closeHooks = new ArrayList<>();

    /**
     * @param startWithWebsocket open websocket directly although polling comes first (rememberUpgrade)
     */
    public EngineClient(EngineConfig config, EventLoop loop, boolean startWithWebsocket, Listener listener) {
        this.config = config;
        this.loop = loop;
        this.startWithWebsocket = startWithWebsocket && config.transports().contains(Transport.WEBSOCKET);
        this.listener = listener;
        this.cookies = config.withCredentials() ? new CookieJar() : null;
    }

    /** Starts the handshake. */
    public void open() {
        if (state != State.NEW) {
            return;
        }
        state = State.OPENING;
        Transport first = startWithWebsocket ? Transport.WEBSOCKET : config.transports().get(0);
        setTransport(create(first, null));
        transport.open();
    }

    /** The current transport's name ("polling" or "websocket"), or null before open. */
    public String transportName() {
        return transport == null ? null : transport.name();
    }

    /** Whether the session was upgraded to, or opened directly with, websocket. */
    public boolean usesWebsocket() {
        return upgraded || (transport != null && "websocket".equals(transport.name()) && state == State.OPEN);
    }

    /** The server's handshake, or null before open. */
    public EngineHandshake handshake() {
        return handshake;
    }

    /** Whether packets given to {@link #send} now would be written right away. */
    public boolean isWritable() {
        return state == State.OPEN && transport != null && transport.writable() && !upgrading;
    }

    /** Queues a packet that may be compressed; written when the transport is ready. Dropped once closing. */
    public void send(EnginePacket packet) {
        send(packet, true);
    }

    /**
     * Queues a packet; written when the transport is ready. Dropped once closing.
     *
     * @param compress whether a WebSocket with permessage-deflate may compress it (the emit's flag)
     */
    public void send(EnginePacket packet, boolean compress) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        writeBuffer.add(new Outgoing(packet, compress));
        flush();
    }

    /** Runs {@code hook} once the session is closed (after a {@link #close()}: once buffered packets were written). */
    public void whenClosed(Runnable hook) {
        if (state == State.CLOSED) {
            hook.run();
        } else {
            closeHooks.add(hook);
        }
    }

    /** Closes after writing what is buffered; reports "forced close". */
    public void close() {
        if (state == State.OPENING || state == State.OPEN) {
            state = State.CLOSING;
            writeBuffer.whenDrained(this::forceClose);
        } else if (state == State.NEW) {
            state = State.CLOSED;
        }
    }

    private void forceClose() {
        ClientTransport t = transport;
        onClose("forced close", null);
        if (t != null) {
            t.close();
        }
    }

    private ClientTransport create(Transport kind, String sid) {
        return kind == Transport.WEBSOCKET
                ? new WebSocketTransport(config, loop, sid, cookies)
                : new PollingTransport(config, loop, sid, cookies);
    }

    private void setTransport(ClientTransport t) {
        transport = t;
        t.setListener(new SessionTransportListener(this));
    }

    // onPacket, onDrain, onError and onClose are package-private for SessionTransportListener
    void onPacket(EnginePacket packet) {
        if (state != State.OPENING && state != State.OPEN && state != State.CLOSING) {
            return;
        }
        switch (packet.type()) {
            case OPEN -> onHandshake(packet.text());
            case PING -> {
                resetPingTimeout();
                send(EnginePacket.of(EnginePacketType.PONG, packet.text()), false);
                listener.onPing();
            }
            case MESSAGE -> {
                if (state == State.OPENING) {
                    onError("parse error", new IllegalStateException("message before handshake"));
                } else if (packet.isBinary()) {
                    listener.onBinary(packet.binary());
                } else {
                    listener.onMessage(packet.text());
                }
            }
            case CLOSE -> onClose("transport close", null);
            default -> {
                // PONG, UPGRADE and NOOP mean nothing to a client's main transport
            }
        }
    }

    private void onHandshake(String data) {
        if (state != State.OPENING) {
            onError("parse error", new IllegalStateException("second handshake"));
            return;
        }
        try {
            handshake = EngineHandshake.parse(data);
        } catch (IllegalArgumentException e) {
            onError("parse error", e);
            return;
        }
        transport.setSid(handshake.sid());
        state = State.OPEN;
        upgraded = "websocket".equals(transport.name());
        listener.onOpen(this);
        if (state != State.OPEN) {
            return;
        }
        resetPingTimeout();
        flush();
        if (config.upgrade() && "polling".equals(transport.name())
                && handshake.upgrades().contains("websocket")
                && config.transports().contains(Transport.WEBSOCKET)) {
            new Probe(this, create(Transport.WEBSOCKET, handshake.sid())).start();
        }
    }

    private void resetPingTimeout() {
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        long delay = handshake.pingInterval() + handshake.pingTimeout();
        pingTimer = loop.schedule(() -> onClose("ping timeout", null), delay, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        if (state == State.CLOSED || upgrading || state == State.OPENING) {
            return;
        }
        writeBuffer.flush(transport, handshake);
    }

    void onDrain() {
        Runnable afterDrain = writeBuffer.drained();
        if (afterDrain != null) {
            afterDrain.run();
            return;
        }
        flush();
    }

    void onError(String message, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        listener.onError(message, cause);
        onClose("parse error".equals(message) ? "parse error" : "transport error", cause);
    }

    void onClose(String reason, Throwable cause) {
        if (state == State.CLOSED || state == State.NEW) {
            return;
        }
        state = State.CLOSED;
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        if (transport != null) {
            transport.close();
        }
        writeBuffer.clear();
        listener.onClose(reason, cause);
        List<Runnable> hooks = new ArrayList<>(closeHooks);
        closeHooks.clear();
        hooks.forEach(Runnable::run);
    }

    // ---- upgrade (used by Probe, on the same loop) ----

    boolean isOpen() {
        return state == State.OPEN;
    }

    void setUpgrading(boolean on) {
        upgrading = on;
        if (!on) {
            flush();
        }
    }

    /** The probe answered: wait for polling to go quiet, then switch and send UPGRADE. */
    void completeUpgrade(ClientTransport ws, Runnable onFailed) {
        upgrading = true;
        ClientTransport old = transport;
        old.pause(() -> {
            if (state != State.OPEN) {
                onFailed.run();
                return;
            }
            setTransport(ws);
            old.close();
            writeBuffer.forgetInFlight();
            upgrading = false;
            upgraded = true;
            ws.send(List.of(new Outgoing(EnginePacket.of(EnginePacketType.UPGRADE), false)));
            // the UPGRADE write drains into flush(), which sends what queued during the upgrade
        });
    }

    boolean hasInFlight() {
        return writeBuffer.hasInFlight();
    }
}
