// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineMessage;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * How the transports read an {@link EngineMessage}'s prepared frames. The frames are Netty
 * buffers with a reference-counting contract no user should have to learn, so they are not in
 * the message's public API; Java has no "friend" access across packages, so the message hands
 * this class a {@link Reader} when it is initialized (the JDK's own shared-secrets idiom).
 *
 * <p>Thread-safe: the reader is set once, while {@code EngineMessage} initializes, which happens
 * before any message exists.
 */
public final class MessageFrames {

    /** What a message exposes to the transports. */
    public interface Reader {
        /**
         * Retained duplicates of the WebSocket frame payloads, in order (frame 0 is the text frame
         * {@code 4<text>} in UTF-8, the others binary); the caller releases each of them.
         *
         * @throws IllegalStateException after the message was closed
         */
        ByteBuf[] retainedFrames(EngineMessage message);

        /**
         * Retained duplicates of the whole WebSocket frames (header and payload, see
         * {@link WireFrames}), in the order of {@link #retainedFrames}, encoded once on first
         * use; the caller releases each of them. Counts as a delivery like {@link #retainedFrames}.
         *
         * @throws IllegalStateException after the message was closed
         */
        ByteBuf[] retainedWireFrames(EngineMessage message);

        /** The polling form: {@code 4<text>}, then {@code b<base64>} per attachment, computed once. */
        List<String> pollingPackets(EngineMessage message);
    }

    private static volatile Reader reader;

    private MessageFrames() {
    }

    /**
     * Called by {@code EngineMessage}'s static initializer, and by nothing else.
     *
     * @throws IllegalStateException when a reader is already set
     */
    public static synchronized void setReader(Reader r) {
        if (reader != null) {
            throw new IllegalStateException("the EngineMessage reader is already set");
        }
        reader = r;
    }

    /** See {@link Reader#retainedFrames(EngineMessage)}. */
    public static ByteBuf[] retainedFrames(EngineMessage message) {
        return reader.retainedFrames(message);
    }

    /** See {@link Reader#retainedWireFrames(EngineMessage)}. */
    public static ByteBuf[] retainedWireFrames(EngineMessage message) {
        return reader.retainedWireFrames(message);
    }

    /** See {@link Reader#pollingPackets(EngineMessage)}. */
    public static List<String> pollingPackets(EngineMessage message) {
        return reader.pollingPackets(message);
    }
}
