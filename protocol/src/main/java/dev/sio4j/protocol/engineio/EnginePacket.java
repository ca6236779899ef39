// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet.
 *
 * <p>{@code text} is never null ({@code ""} when the packet carries nothing); {@code binary} is
 * non-null only for a binary {@link EnginePacketType#MESSAGE}, and then {@code text} is empty.
 * The byte array is not copied, to keep large messages zero-copy: whoever builds a packet hands
 * the array over and must not change it afterwards. Equality compares the array contents.
 *
 * <p>Immutable by that convention, and so safe to share between threads.
 *
 * <pre>{@code
 * EnginePacket hello = EnginePacket.message("hello");
 * EnginePacket probe = EnginePacket.of(EnginePacketType.PING, "probe");
 * }</pre>
 *
 * @param type   the packet type
 * @param text   the text data, {@code ""} when none
 * @param binary the binary data of a binary MESSAGE, else null
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {

    public EnginePacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (binary != null && (type != EnginePacketType.MESSAGE || !text.isEmpty())) {
            throw new IllegalArgumentException("binary data is only allowed on a MESSAGE without text");
        }
    }

    /** A text MESSAGE. */
    public static EnginePacket message(String text) {
        return new EnginePacket(EnginePacketType.MESSAGE, text, null);
    }

    /** A binary MESSAGE; the array is handed over, not copied. */
    public static EnginePacket binary(byte[] data) {
        return new EnginePacket(EnginePacketType.MESSAGE, "", Objects.requireNonNull(data, "data"));
    }

    /** A packet of {@code type} without data. */
    public static EnginePacket of(EnginePacketType type) {
        return new EnginePacket(type, "", null);
    }

    /** A text packet of {@code type} carrying {@code text}. */
    public static EnginePacket of(EnginePacketType type, String text) {
        return new EnginePacket(type, text, null);
    }

    /** Whether this is a binary MESSAGE. */
    public boolean isBinary() {
        return binary != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket p
                && type == p.type
                && text.equals(p.text)
                && Arrays.equals(binary, p.binary);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + text.hashCode()) * 31 + Arrays.hashCode(binary);
    }

    @Override
    public String toString() {
        if (binary != null) {
            return "EnginePacket[" + type + ", binary " + binary.length + " bytes]";
        }
        String shown = text.length() > 64 ? text.substring(0, 64) + "...(" + text.length() + " chars)" : text;
        return "EnginePacket[" + type + ", \"" + shown + "\"]";
    }
}
