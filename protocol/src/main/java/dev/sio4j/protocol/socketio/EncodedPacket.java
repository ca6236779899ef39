// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import java.util.List;
import java.util.Objects;

/**
 * What goes on the wire for one {@link SocketPacket}: one text frame, then each attachment as a
 * binary frame, in order. Over polling, each frame is one Engine.IO MESSAGE of the payload.
 *
 * <p>Immutable by convention: the list is unmodifiable, the arrays are shared with the packet's
 * {@code BinaryNode}s and must not be changed. Equality compares array contents.
 *
 * @param text        the text frame, e.g. {@code 2["hello",1]} or {@code 51-["file",{"_placeholder":true,"num":0}]}
 * @param attachments the binary attachments, empty for a plain packet
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    public EncodedPacket {
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
    }

    /** Whether binary frames follow the text frame. */
    public boolean hasAttachments() {
        return !attachments.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EncodedPacket other) || !text.equals(other.text)
                || attachments.size() != other.attachments.size()) {
            return false;
        }
        for (int i = 0; i < attachments.size(); i++) {
            if (!java.util.Arrays.equals(attachments.get(i), other.attachments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = text.hashCode();
        for (byte[] a : attachments) {
            h = h * 31 + java.util.Arrays.hashCode(a);
        }
        return h;
    }

    @Override
    public String toString() {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "EncodedPacket[" + shown + ", " + attachments.size() + " attachments]";
    }
}
