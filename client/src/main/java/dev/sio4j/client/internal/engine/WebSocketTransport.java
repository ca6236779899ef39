// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.util.List;

/**
 * The WebSocket transport: one Engine.IO packet per frame, binary messages as binary frames.
 * Frames and fragmented messages over the configured limit close the connection (1009) before
 * they are buffered.
 *
 * <p>Confined to the session's event loop.
 */
final class WebSocketTransport extends ClientTransport {

    private Channel channel;

    WebSocketTransport(EngineConfig config, EventLoop loop, String sid, CookieJar cookies) {
        super(config, loop, sid, cookies);
    }

    @Override
    String name() {
        return "websocket";
    }

    @Override
    void open() {
        state = State.OPENING;
        HttpHeaders headers = new DefaultHttpHeaders();
        config.headers().forEach(headers::set);
        String cookie = cookies == null ? null : cookies.header();
        if (cookie != null) {
            String own = headers.get(HttpHeaderNames.COOKIE);
            headers.set(HttpHeaderNames.COOKIE, own == null ? cookie : own + "; " + cookie);
        }
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(config.websocketUri(sid))
                .customHeaders(headers)
                .maxFramePayloadLength(config.maxIncomingBytes())
                .allowExtensions(config.perMessageDeflate())
                .handshakeTimeoutMillis(config.connectTimeoutMillis())
                .dropPongFrames(true)
                .build();
        ChannelFuture connect = Connector.connect(config, loop, p -> {
            p.addLast("http", new HttpClientCodec());
            p.addLast("handshake-aggregate", new HttpObjectAggregator(64 * 1024));
            if (config.perMessageDeflate()) {
                p.addLast("deflate", Deflate.extensionHandler(config));
            }
            p.addLast("websocket", new WebSocketClientProtocolHandler(wsConfig));
            p.addLast("message-aggregate", new WebSocketFrameAggregator(config.maxIncomingBytes()));
            p.addLast("engine", new FrameHandler());
        });
        channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                fail("websocket error", f.cause());
            }
        });
    }

    @Override
    void send(List<Outgoing> packets) {
        writable = false;
        ChannelFuture last = null;
        for (Outgoing o : packets) {
            last = channel.write(Deflate.frame(o.packet(), o.compress()));
        }
        channel.flush();
        if (last == null) {
            writable = true;
            return;
        }
        last.addListener(f -> {
            if (!f.isSuccess()) {
                fail("websocket error", f.cause());
                return;
            }
            if (state == State.OPEN) {
                writable = true;
                listener.onDrain();
            }
        });
    }

    @Override
    void pause(Runnable onPaused) {
        onPaused.run();
    }

    @Override
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        writable = false;
        listener = null;
        if (channel != null) {
            channel.close();
        }
    }

    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                if (state == State.OPENING) {
                    state = State.OPEN;
                    writable = true;
                    listener.onOpen();
                }
                return;
            }
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail("websocket error", new java.io.IOException("websocket handshake timed out"));
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (state != State.OPEN && state != State.PAUSED) {
                return;
            }
            EnginePacket packet;
            try {
                if (frame instanceof TextWebSocketFrame text) {
                    packet = EngineCodec.decodeText(text.text());
                } else if (frame instanceof BinaryWebSocketFrame) {
                    packet = EngineCodec.decodeBinary(ByteBufUtil.getBytes(frame.content()));
                } else {
                    return;
                }
            } catch (ProtocolException e) {
                fail("parse error", e);
                return;
            }
            listener.onPacket(packet);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state == State.CLOSED) {
                return;
            }
            TransportListener l = listener;
            close();
            if (l != null) {
                l.onClose();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("websocket error", cause);
        }
    }
}
