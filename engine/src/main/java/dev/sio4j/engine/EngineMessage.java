// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.engine.internal.MessageFrames;
import dev.sio4j.engine.internal.WireFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message prepared once and sent to many sockets (a broadcast): one text MESSAGE followed by
 * zero or more binary MESSAGEs (a Socket.IO packet and its attachments). The WebSocket frame
 * payloads are encoded once into Netty buffers; each {@link EngineSocket#send(EngineMessage, boolean)}
 * takes retained duplicates synchronously, so the bytes are shared, never copied (a WebSocket
 * session takes the whole frames, header included, built once on the first such send). Polling
 * sessions use the string form ({@code 4<text>}, then {@code b<base64>} per attachment), also
 * built once, on first use.
 *
 * <p>Lifecycle: create, send to every target, then {@link #close()} (try-with-resources). Sends
 * after close throw {@link IllegalStateException}. Thread-safe for concurrent sends; close must
 * happen after every send call has returned.
 *
 * <pre>{@code
 * try (EngineMessage msg = EngineMessage.of("2[\"tick\",1]")) {
 *     for (EngineSocket s : targets) s.send(msg, false);
 * }
 * }</pre>
 */
public final class EngineMessage implements AutoCloseable {

    static {
        // The transports read the frames through MessageFrames, so they stay out of the public API.
        MessageFrames.setReader(new MessageFrames.Reader() {
            @Override
            public ByteBuf[] retainedFrames(EngineMessage message) {
                return message.retainedFrames();
            }

            @Override
            public ByteBuf[] retainedWireFrames(EngineMessage message) {
                return message.retainedWireFrames();
            }

            @Override
            public List<String> pollingPackets(EngineMessage message) {
                return message.pollingPackets();
            }
        });
    }

    private final String text;
    private final List<byte[]> binaries;
    private final ByteBuf[] frames;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String[] pollingForm;
    // The whole WebSocket frames, built on the first WebSocket delivery; guarded by this for
    // creation and release, read without the lock once set.
    private volatile ByteBuf[] wireFrames;
    // A plain int: a broadcast's fan-out runs on one thread, which also reads it afterwards.
    private int deliveries;

    private EngineMessage(String text, List<byte[]> binaries, ByteBufAllocator alloc) {
        this.text = text;
        this.binaries = binaries;
        this.frames = new ByteBuf[1 + binaries.size()];
        boolean ok = false;
        try {
            // The type digit and the text written straight into a buffer of their exact size:
            // no "4" + text String, and no room kept for UTF-8's worst case of 3 bytes a char.
            int utf8 = ByteBufUtil.utf8Bytes(text);
            ByteBuf frame = alloc.buffer(1 + utf8);
            frames[0] = frame;
            frame.writeByte('4');
            ByteBufUtil.reserveAndWriteUtf8(frame, text, utf8);
            for (int i = 0; i < binaries.size(); i++) {
                byte[] b = binaries.get(i);
                frames[i + 1] = alloc.buffer(b.length).writeBytes(b);
            }
            ok = true;
        } finally {
            if (!ok) {
                releaseAll();
            }
        }
    }

    /** A text-only message; {@code text} is the MESSAGE data without the {@code 4} prefix. */
    public static EngineMessage of(String text) {
        return of(text, List.of());
    }

    /**
     * A text message followed by binary attachments. The arrays are not copied: they must not
     * change afterwards.
     */
    public static EngineMessage of(String text, List<byte[]> binaries) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(binaries, "binaries");
        if (binaries.isEmpty()) {
            return new EngineMessage(text, List.of(), PooledByteBufAllocator.DEFAULT);
        }
        List<byte[]> copy = new ArrayList<>(binaries.size());
        for (byte[] b : binaries) {
            copy.add(Objects.requireNonNull(b, "binary"));
        }
        return new EngineMessage(text, List.copyOf(copy), PooledByteBufAllocator.DEFAULT);
    }

    /** The text MESSAGE data (without the {@code 4} type prefix). */
    public String text() {
        return text;
    }

    /** The binary attachments, unmodifiable; the arrays are shared, do not modify them. */
    public List<byte[]> binaries() {
        return binaries;
    }

    /** How many frames this message puts on a WebSocket: 1 + attachments. */
    public int frameCount() {
        return frames.length;
    }

    /** See {@link MessageFrames.Reader#retainedFrames(EngineMessage)}. */
    private ByteBuf[] retainedFrames() {
        if (closed.get()) {
            throw new IllegalStateException("EngineMessage already closed");
        }
        deliveries++;
        ByteBuf[] out = new ByteBuf[frames.length];
        for (int i = 0; i < frames.length; i++) {
            out[i] = frames[i].retainedDuplicate();
        }
        return out;
    }

    /** See {@link MessageFrames.Reader#retainedWireFrames(EngineMessage)}. */
    private ByteBuf[] retainedWireFrames() {
        if (closed.get()) {
            throw new IllegalStateException("EngineMessage already closed");
        }
        ByteBuf[] wire = wireFrames;
        if (wire == null) {
            wire = buildWireFrames();
        }
        deliveries++;
        ByteBuf[] out = new ByteBuf[wire.length];
        for (int i = 0; i < wire.length; i++) {
            out[i] = wire[i].retainedDuplicate();
        }
        return out;
    }

    private synchronized ByteBuf[] buildWireFrames() {
        ByteBuf[] wire = wireFrames;
        if (wire != null) {
            return wire;
        }
        if (closed.get()) {
            throw new IllegalStateException("EngineMessage already closed");
        }
        wire = new ByteBuf[frames.length];
        try {
            for (int i = 0; i < frames.length; i++) {
                wire[i] = WireFrames.encode(frames[i].alloc(), frames[i], i > 0);
            }
        } catch (RuntimeException | Error e) {
            for (ByteBuf b : wire) {
                if (b != null) {
                    b.release();
                }
            }
            throw e;
        }
        wireFrames = wire;
        return wire;
    }

    /**
     * How many sessions took this message so far (each {@code EngineSocket.send} of it that was
     * not refused up front: a closed session or a volatile message that could not be sent are
     * not counted). Exact when the sends ran on the thread asking, as a broadcast's fan-out does;
     * from other threads only an approximation (the count is a plain field, so that a fan-out
     * pays no atomic operation per session).
     */
    public int deliveries() {
        return deliveries;
    }

    /** See {@link MessageFrames.Reader#pollingPackets(EngineMessage)}. */
    private List<String> pollingPackets() {
        String[] form = pollingForm;
        if (form == null) {
            // Racy on purpose: two threads may both compute the same immutable value.
            form = new String[frames.length];
            form[0] = "4" + text;
            for (int i = 0; i < binaries.size(); i++) {
                form[i + 1] = "b" + Base64.getEncoder().encodeToString(binaries.get(i));
            }
            pollingForm = form;
        }
        return List.of(form);
    }

    /** Releases the shared buffers; sockets that already took duplicates are unaffected. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            releaseAll();
        }
    }

    private void releaseAll() {
        for (ByteBuf b : frames) {
            if (b != null && b.refCnt() > 0) {
                b.release();
            }
        }
        synchronized (this) {
            ByteBuf[] wire = wireFrames;
            if (wire != null) {
                wireFrames = null;
                for (ByteBuf b : wire) {
                    b.release();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "EngineMessage[" + text.length() + " chars, " + binaries.size() + " binaries]";
    }
}
