// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * One client of the server under test, whatever carries it (a WebSocket, or a pair of polling
 * HTTP connections): it speaks Engine.IO v4 / Socket.IO v5 (open, connect to its namespace,
 * answer pings) or, against the raw floor server, nothing at all (every text frame is a
 * Socket.IO packet as it would follow the Engine.IO {@code 4}, so the same listener reads both).
 * Events and attachments go to its {@link Listener}, with the buffers valid during the call only.
 *
 * <p>Receive methods run on the connection's event loop; {@link #emit} may be called from any thread.
 */
public final class Peer {

    /** How a peer's messages reach the server: implemented by each transport. */
    public interface Wire {
        /** Sends one text message (a WebSocket text frame, or one packet of a polling POST). */
        void sendText(String text);

        /** Sends a text message and then one binary attachment. */
        void sendTextThenBinary(String text, byte[] binary);

        /** The channel that receives, for its event loop and for closing. */
        Channel channel();
    }

    /** What the scenario does with what arrives; called on the connection's event loop. */
    public interface Listener {
        /** An EVENT or BINARY_EVENT packet, starting at its type character. */
        void onEvent(Peer peer, ByteBuf packet);

        /** A binary attachment of the last BINARY_EVENT. */
        default void onAttachment(Peer peer, ByteBuf data) {
        }

        /** The connection ended (after it was ready, or without ever being). */
        default void onClosed(Peer peer) {
        }
    }

    /** Whether the server speaks Socket.IO or is the raw floor. */
    public enum Mode { SOCKET_IO, RAW }

    private final int index;
    private final Mode mode;
    private final String namespace;
    private final Listener listener;
    private final CompletableFuture<Peer> ready = new CompletableFuture<>();
    private volatile Wire wire;
    private volatile boolean closed;
    private volatile int pings;

    /** A peer numbered {@code index}, joining {@code namespace} ("/" or e.g. "/chat"). */
    public Peer(int index, Mode mode, String namespace, Listener listener) {
        this.index = index;
        this.mode = mode;
        this.namespace = namespace;
        this.listener = listener;
    }

    /** Its number among the scenario's peers. */
    public int index() {
        return index;
    }

    /** Completes when the peer can emit (connected to its namespace); fails with the reason otherwise. */
    public CompletableFuture<Peer> ready() {
        return ready;
    }

    /** Whether its connection has ended. */
    public boolean isClosed() {
        return closed;
    }

    /** How many Engine.IO pings the server sent it. */
    public int pings() {
        return pings;
    }

    /** The transport, once open. */
    public Wire wire() {
        return wire;
    }

    /** Sends a Socket.IO packet written without its Engine.IO prefix, e.g. {@code 2["message","hi"]}. */
    public void emit(String socketPacket) {
        wire.sendText(mode == Mode.RAW ? socketPacket : "4" + socketPacket);
    }

    /** Sends a BINARY_EVENT packet and its one attachment. */
    public void emitWithAttachment(String socketPacket, byte[] attachment) {
        wire.sendTextThenBinary(mode == Mode.RAW ? socketPacket : "4" + socketPacket, attachment);
    }

    /** Closes the connection. */
    public void close() {
        Wire w = wire;
        if (w != null) {
            w.channel().close();
        } else {
            closed = true;
        }
    }

    void onWireOpen(Wire openWire) {
        this.wire = openWire;
        if (mode == Mode.RAW) {
            ready.complete(this);
        }
    }

    /** One Engine.IO packet (or, in RAW mode, one Socket.IO packet). */
    void onText(ByteBuf text) {
        if (mode == Mode.RAW) {
            onSocketPacket(text);
            return;
        }
        if (!text.isReadable()) {
            return;
        }
        switch (text.getByte(text.readerIndex())) {
            case '0' -> wire.sendText("/".equals(namespace) ? "40" : "40" + namespace + ",");
            case '2' -> {
                pings++;
                wire.sendText("3");
            }
            case '4' -> onSocketPacket(text.slice(text.readerIndex() + 1, text.readableBytes() - 1));
            case '1' -> wire.channel().close();
            default -> { }
        }
    }

    private void onSocketPacket(ByteBuf packet) {
        if (!packet.isReadable()) {
            return;
        }
        switch (packet.getByte(packet.readerIndex())) {
            case '0' -> ready.complete(this);
            case '2', '5' -> listener.onEvent(this, packet);
            case '4' -> onFailure("connect_error " + packet.toString(java.nio.charset.StandardCharsets.UTF_8));
            case '1' -> wire.channel().close();
            default -> { }
        }
    }

    void onBinary(ByteBuf data) {
        listener.onAttachment(this, data);
    }

    void onFailure(String why) {
        ready.completeExceptionally(new IllegalStateException("peer " + index + ": " + why));
    }

    void onWireClosed() {
        closed = true;
        ready.completeExceptionally(new IllegalStateException("peer " + index + ": closed before it was ready"));
        listener.onClosed(this);
    }
}
