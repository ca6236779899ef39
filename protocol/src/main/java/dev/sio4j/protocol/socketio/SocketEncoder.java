// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import dev.sio4j.protocol.socketio.internal.JsJsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes {@link SocketPacket}s into socket.io-parser 4.2's wire format:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<json>]}, the namespace omitted when it is
 * {@code "/"}.
 *
 * <p>The JSON is byte-identical to JavaScript's {@code JSON.stringify} of the same value (see
 * {@link dev.sio4j.protocol.socketio.internal.JsJsonWriter}). An EVENT or ACK whose data holds
 * binary ({@code BinaryNode}) at any depth is written as BINARY_EVENT/BINARY_ACK: each binary
 * becomes {@code {"_placeholder":true,"num":N}}, numbered depth-first in order, and its bytes
 * follow as attachments. Binary in any other packet type is refused.
 *
 * <pre>{@code
 * EncodedPacket e = new SocketEncoder().encode(SocketPacket.event("/chat", args, 3L));
 * // e.text() = "2/chat,3[\"message\",\"hi\"]", e.attachments() = []
 * }</pre>
 *
 * <p>Stateless and thread-safe: one instance may serve a whole server.
 */
public final class SocketEncoder {

    /** Creates an encoder; it holds no state. */
    public SocketEncoder() {
    }

    /**
     * Encodes one packet.
     *
     * @throws IllegalArgumentException when the data holds binary outside an EVENT or ACK, or a
     *                                  node that JSON cannot represent
     */
    public EncodedPacket encode(SocketPacket packet) {
        Objects.requireNonNull(packet, "packet");
        SocketPacketType type = packet.type();
        boolean binaryAllowed = type == SocketPacketType.EVENT || type == SocketPacketType.ACK;
        List<byte[]> attachments = binaryAllowed ? new ArrayList<>(0) : null;
        // One buffer, sized once: the envelope as for a plain packet, then the JSON after it.
        StringBuilder out = new StringBuilder(JsJsonWriter.sizeHint(packet.data()) + packet.namespace().length() + 24);
        out.append(type.wireChar());
        if (!"/".equals(packet.namespace())) {
            out.append(packet.namespace()).append(',');
        }
        if (packet.id() != null) {
            out.append(packet.id().longValue());
        }
        if (packet.data() != null) {
            JsJsonWriter.write(packet.data(), out, attachments);
        }
        boolean binary = attachments != null && !attachments.isEmpty();
        if (binary) {
            // Only now is it known to be binary: its type and attachment count replace the type.
            out.setCharAt(0, type == SocketPacketType.EVENT
                    ? SocketPacketType.BINARY_EVENT.wireChar()
                    : SocketPacketType.BINARY_ACK.wireChar());
            out.insert(1, attachments.size() + "-");
        }
        return new EncodedPacket(out.toString(), binary ? attachments : List.of());
    }
}
