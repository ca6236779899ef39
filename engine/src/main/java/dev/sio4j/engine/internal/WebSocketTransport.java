package dev.sio4j.engine.internal;

import dev.sio4j.engine.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The WebSocket side of a session: one upgraded channel. Driven from the session's event loop;
 * when the channel lives on another loop (an upgrade that arrived there), a batch is handed to
 * that loop as one task so it is still written with a single flush.
 */
final class WebSocketTransport implements TransportSink {

    private final Channel channel;
    private boolean closed;

    WebSocketTransport(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public Transport name() {
        return Transport.WEBSOCKET;
    }

    @Override
    public boolean writable() {
        return !closed && channel.isActive() && channel.isWritable();
    }

    @Override
    public void write(List<Outbound> batch) {
        List<WebSocketFrame> frames = new ArrayList<>(batch.size());
        for (Outbound o : batch) {
            frames.add(o.toWebSocketFrame());
        }
        writeFrames(frames);
    }

    /** Writes one frame outside the session queue (the probe answer). */
    void writeNow(WebSocketFrame frame) {
        writeFrames(List.of(frame));
    }

    private void writeFrames(List<WebSocketFrame> frames) {
        if (channel.eventLoop().inEventLoop()) {
            writeOnLoop(frames);
            return;
        }
        try {
            channel.eventLoop().execute(() -> writeOnLoop(frames));
        } catch (RejectedExecutionException e) {
            frames.forEach(ReferenceCountUtil::safeRelease);
        }
    }

    private static void writeOnLoop(List<WebSocketFrame> frames, Channel ch) {
        for (WebSocketFrame f : frames) {
            ch.write(f, ch.voidPromise());
        }
        ch.flush();
    }

    private void writeOnLoop(List<WebSocketFrame> frames) {
        writeOnLoop(frames, channel);
    }

    @Override
    public void close(boolean closePacket) {
        if (closed) {
            return;
        }
        closed = true;
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes with a specific status (protocol violations seen by the engine). */
    void closeWith(WebSocketCloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
