// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import dev.sio4j.protocol.socketio.internal.Attachments;
import dev.sio4j.protocol.socketio.internal.PayloadValidator;
import java.util.Objects;

/**
 * Decodes the Socket.IO frames of one connection, strictly, under {@link DecoderLimits}.
 *
 * <p>Feed it every text and binary frame in arrival order. A plain packet comes back at once; a
 * BINARY_EVENT/BINARY_ACK text frame returns null until its last attachment arrives, and then
 * the finished packet is returned, typed EVENT/ACK with {@code BinaryNode}s in place of the
 * placeholders. Any violation throws {@link SocketParseException} and leaves the decoder empty
 * (no partial packet kept); the caller is expected to close the connection.
 *
 * <p>The transport should bound how long {@link #reconstructing()} may stay true (SECURITY-CASES
 * row 34) and call {@link #reset()} when it gives up or the connection closes.
 *
 * <pre>{@code
 * SocketDecoder decoder = new SocketDecoder(DecoderLimits.defaults());
 * SocketPacket p = decoder.onText("2[\"chat\",\"hi\"]");   // EVENT ["chat","hi"] on "/"
 * }</pre>
 *
 * <p>Not thread-safe: confined to the connection's event loop.
 */
public final class SocketDecoder {

    private final DecoderLimits limits;
    private SocketPacket pendingPacket;
    private Attachments pendingAttachments;

    /** A decoder with the default limits. */
    public SocketDecoder() {
        this(DecoderLimits.defaults());
    }

    /** A decoder enforcing {@code limits}. */
    public SocketDecoder(DecoderLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Decodes one text frame.
     *
     * @return the packet, or null when it announced attachments that have not arrived yet
     * @throws SocketParseException on any violation, TEXT_WHILE_RECONSTRUCTING included
     */
    public SocketPacket onText(String frame) {
        Objects.requireNonNull(frame, "frame");
        if (reconstructing()) {
            reset();
            throw new SocketParseException(Reason.TEXT_WHILE_RECONSTRUCTING,
                    "got a text frame while attachments were outstanding");
        }
        PacketText text = PacketText.parse(frame, limits);
        JsonNode data = text.jsonStart() < 0 ? null : limits.reader().read(frame, text.jsonStart(), frame.length());
        PayloadValidator.validate(text.type(), data);
        if (!text.type().isBinary()) {
            return new SocketPacket(text.type(), text.namespace(), data, text.id());
        }
        Attachments attachments = Attachments.scan(data, text.attachments());
        SocketPacketType plain = text.type() == SocketPacketType.BINARY_EVENT
                ? SocketPacketType.EVENT : SocketPacketType.ACK;
        SocketPacket packet = new SocketPacket(plain, text.namespace(), data, text.id());
        if (attachments.complete()) {
            return packet; // "50-[...]": labelled binary, nothing follows
        }
        pendingPacket = packet;
        pendingAttachments = attachments;
        return null;
    }

    /**
     * Takes one binary frame, an attachment of the pending packet. The array is kept, not copied.
     *
     * @return the finished packet after its last attachment, else null
     * @throws SocketParseException BINARY_WHEN_NOT_RECONSTRUCTING when no packet waits for it
     */
    public SocketPacket onBinary(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (!reconstructing()) {
            throw new SocketParseException(Reason.BINARY_WHEN_NOT_RECONSTRUCTING,
                    "got a binary frame with no binary packet waiting for it");
        }
        pendingAttachments.add(frame);
        if (!pendingAttachments.complete()) {
            return null;
        }
        pendingAttachments.reconstruct();
        SocketPacket done = pendingPacket;
        reset();
        return done;
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean reconstructing() {
        return pendingPacket != null;
    }

    /** Drops the packet being reconstructed, if any, and the attachments received so far. */
    public void reset() {
        pendingPacket = null;
        pendingAttachments = null;
    }

    /** The limits this decoder enforces. */
    public DecoderLimits limits() {
        return limits;
    }
}
