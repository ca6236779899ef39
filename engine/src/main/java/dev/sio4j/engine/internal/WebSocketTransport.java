// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The WebSocket side of a session: one upgraded channel. Confined to the session's event loop,
 * except {@link #writable()}, which is thread-safe (the volatile-message check asks it from any
 * thread).
 *
 * <p>After an upgrade the channel may live on another event loop than the session (each TCP
 * connection is bound to the loop that accepted it, and Netty cannot move a channel cheaply).
 * Then each batch crosses to the channel's loop as one task that writes every frame and flushes
 * once: one task per batch, never one per packet. Tasks run in submission order, so batches (and
 * the close frame, which Netty also hands over as a task) keep the session's order. Bytes still
 * in such tasks count as "busy" like Netty's own outbound buffer, so a slow peer cannot pile up
 * batches between the two loops.
 */
final class WebSocketTransport implements TransportSink {

    private final Channel channel;
    private final Session session;
    // A field with an updater, not an AtomicLong: one transport per connection, thousands idle.
    private static final AtomicLongFieldUpdater<WebSocketTransport> IN_FLIGHT =
            AtomicLongFieldUpdater.newUpdater(WebSocketTransport.class, "inFlight");
    private volatile long inFlight;
    private final AtomicBoolean waitingForInFlight = new AtomicBoolean();
    private volatile boolean closed;

    WebSocketTransport(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public Transport name() {
        return Transport.WEBSOCKET;
    }

    /**
     * Whether a batch (or a volatile message) can be written now. A WebSocket is <em>busy</em>
     * when its channel is not writable (Netty's outbound buffer is above the channel's
     * write-buffer high-water mark, 64 KiB by default, i.e. the peer reads slower than we write)
     * or when batches handed to the channel's loop but not yet written hold that many bytes.
     * Any thread.
     */
    @Override
    public boolean writable() {
        if (closed || !channel.isActive() || !channel.isWritable()) {
            return false;
        }
        long limit = channel.config().getWriteBufferHighWaterMark();
        if (IN_FLIGHT.get(this) < limit) {
            return true;
        }
        // Announce the wait before looking again, so the task that lowers inFlight cannot miss it.
        waitingForInFlight.set(true);
        return IN_FLIGHT.get(this) < limit;
    }

    @Override
    public void write(List<Outbound> batch) {
        dev.sio4j.engine.EngineObserver observer = session.observer();
        if (channel.eventLoop().inEventLoop()) {
            // The channel is on this loop (always so unless an upgrade crossed loops): each frame
            // goes straight into the channel, no list and no task, and the batch is flushed once.
            for (int i = 0, n = batch.size(); i < n; i++) {
                writeOnLoop(batch.get(i), observer);
            }
            channel.flush();
            return;
        }
        List<Object> frames = new ArrayList<>(batch.size());
        long bytes = 0;
        for (Outbound o : batch) {
            Object m = message(o);
            int n = payloadBytes(o, m);
            bytes += n;
            observer.packetSent(Transport.WEBSOCKET, o.type(), n);
            frames.add(m);
        }
        writeFrames(frames, bytes);
    }

    /**
     * On the channel's loop, writes straight from the queue (no batch list per flush) and gives
     * the queue's room back after the writes; from another loop, as {@link #write}.
     */
    @Override
    public void writeQueued(OutboundQueue queue) {
        if (!channel.eventLoop().inEventLoop()) {
            write(queue.drain());
            return;
        }
        dev.sio4j.engine.EngineObserver observer = session.observer();
        int count = 0;
        long size = 0;
        try {
            Outbound o;
            while ((o = queue.pollFirst()) != null) {
                count++;
                size += o.size();
                writeOnLoop(o, observer);
            }
        } finally {
            queue.unreserve(count, size);
        }
        channel.flush();
    }

    /** Writes {@code o} into the channel, unflushed, and tells the observer. On the channel's loop. */
    private void writeOnLoop(Outbound o, dev.sio4j.engine.EngineObserver observer) {
        Object m = message(o);
        observer.packetSent(Transport.WEBSOCKET, o.type(), payloadBytes(o, m));
        channel.write(m, channel.voidPromise());
    }

    /**
     * What goes into the channel for {@code o}: a ready frame's bytes as they are (the frame
     * encoder lets a plain buffer through), else a {@link WebSocketFrame} for the encoder.
     */
    private static Object message(Outbound o) {
        return o.isWireFrame() ? o.takeWireFrame() : o.toWebSocketFrame();
    }

    /** The payload bytes of {@code o}, written as {@code m}: what the observer and the in-flight count see. */
    private static int payloadBytes(Outbound o, Object m) {
        return m instanceof WebSocketFrame f ? f.content().readableBytes() : (int) o.size();
    }

    /** Writes one frame outside the session queue (the probe answer). */
    void writeNow(WebSocketFrame frame) {
        writeFrames(List.of(frame), frame.content().readableBytes());
    }

    private void writeFrames(List<?> frames, long bytes) {
        if (channel.eventLoop().inEventLoop()) {
            writeOnLoop(frames);
            return;
        }
        IN_FLIGHT.addAndGet(this, bytes);
        try {
            channel.eventLoop().execute(() -> {
                try {
                    writeOnLoop(frames);
                } finally {
                    handedOver(bytes);
                }
            });
        } catch (RejectedExecutionException e) {
            IN_FLIGHT.addAndGet(this, -bytes);
            frames.forEach(ReferenceCountUtil::safeRelease);
        }
    }

    private void writeOnLoop(List<?> frames) {
        for (Object f : frames) {
            channel.write(f, channel.voidPromise());
        }
        channel.flush();
    }

    /** A crossing batch reached the channel; wake the session if it stopped for in-flight bytes. */
    private void handedOver(long bytes) {
        long left = IN_FLIGHT.addAndGet(this, -bytes);
        if (left < channel.config().getWriteBufferHighWaterMark() && waitingForInFlight.getAndSet(false)) {
            session.onLoop(() -> {
                if (session.transportSink() == this) {
                    session.flush();
                }
            });
        }
    }

    /**
     * Ends the WebSocket with a close frame, written after everything handed over before it; the
     * channel closes once that frame is out, or after the session's close drain timeout when the
     * peer reads too slowly for that (so a stalled peer cannot hold the connection).
     */
    @Override
    public void close(boolean closePacket) {
        // An empty Close frame (the peer reports 1005), as engine.io's ws.close() sends it.
        closeWith(new CloseWebSocketFrame());
    }

    /**
     * Ends the WebSocket for a drain as a restarting server does: the connection closes once what
     * was handed over before is written, with no close frame. socket.io-client-java (OkHttp) does
     * not act on a close frame by itself (it waits for the application to answer it, which that
     * client never does) and would sit on a half-closed socket until its ping timeout; a closed
     * connection it notices at once, as every other client does (a 1006 for browsers).
     */
    void endWithoutCloseFrame() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel.isActive()) {
            // An empty write: from another loop it is queued behind the batches handed over
            // before it, so the close follows the last frames.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            scheduleForcedClose();
        }
    }

    private void closeWith(CloseWebSocketFrame frame) {
        if (closed) {
            frame.release();
            return;
        }
        closed = true;
        if (!channel.isActive()) {
            frame.release();
        } else {
            // From another loop Netty queues this behind the batches handed over before it.
            channel.writeAndFlush(frame)
                    .addListener(ChannelFutureListener.CLOSE);
            scheduleForcedClose();
        }
    }

    /** A peer that reads too slowly for the last writes to drain is cut off after the close drain timeout. */
    private void scheduleForcedClose() {
        try {
            ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
                channel.close();
            }, session.closeDrainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> deadline.cancel(false));
        } catch (RejectedExecutionException e) {
            channel.close(); // the loop is shutting down: nothing would drain anyway
        }
    }

    /** Completes when the channel has closed. Any thread. */
    CompletableFuture<Void> released() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }
}
