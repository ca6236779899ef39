// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import dev.sio4j.protocol.engineio.EngineParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The last inbound handler of an Engine.IO WebSocket: turns whole frames into Engine.IO packets
 * for the session (or for the upgrade in progress), answers WebSocket pings and close frames,
 * and reports the channel's end. Confined to its channel's event loop; packets are handed to
 * the session's loop.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {

    private final Session session;
    private final WebSocketTransport ws;
    private final TokenBucket controlFrames;
    private CloseReason endReason = CloseReason.TRANSPORT_CLOSE;
    private String endDescription = "websocket closed";
    private boolean closing;

    WebSocketFrameHandler(Session session, WebSocketTransport ws) {
        this.session = session;
        this.ws = ws;
        RateLimit control = session.options().connectionLimits().controlPacketsPerSession();
        this.controlFrames = control == null ? null : new TokenBucket(control, System.nanoTime());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame t) {
                EnginePacket p;
                try {
                    p = decodeText(t.content());
                } catch (EngineParseException e) {
                    parseError(e);
                    return;
                }
                received(p, t.content().readableBytes());
                dispatch(p);
            } else if (msg instanceof BinaryWebSocketFrame b) {
                EnginePacket p = EngineCodec.decodeBinary(ByteBufUtil.getBytes(b.content()));
                received(p, b.content().readableBytes());
                dispatch(p);
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (controlFrameAllowed(ctx)) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof PongWebSocketFrame) {
                controlFrameAllowed(ctx);
            } else if (msg instanceof CloseWebSocketFrame close) {
                closing = true;
                closeAfterPending(ctx, answerTo(close));
            }
            // Leftover HTTP objects (the upgrade request's empty last content) are dropped.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Counts a WebSocket ping or pong frame against the connection's control budget (Engine.IO
     * needs neither: its heartbeat is in packets); past it the connection is closed with 1008.
     */
    private boolean controlFrameAllowed(ChannelHandlerContext ctx) {
        if (controlFrames == null || controlFrames.tryTake(1, System.nanoTime())) {
            return true;
        }
        if (!closing) {
            closing = true;
            session.refused(RefusalCause.LIMIT, "WebSocket control frames past controlPacketsPerSession");
            endReason = CloseReason.TRANSPORT_ERROR;
            endDescription = "too many control frames";
            closeAfterPending(ctx, withoutReason(WebSocketCloseStatus.POLICY_VIOLATION));
        }
        return false;
    }

    /**
     * The Close frame answering the peer's, as ws answers it: an empty one to an empty one, the
     * peer's own code and reason echoed, and 1002 (no reason) for a code that may not be sent
     * or a 1-byte body (RFC 6455 7.4).
     */
    private CloseWebSocketFrame answerTo(CloseWebSocketFrame close) {
        int payload = close.content().readableBytes();
        if (payload == 0) {
            return new CloseWebSocketFrame();
        }
        if (payload == 1 || !isValidCloseCode(close.statusCode())) {
            session.refused(RefusalCause.BAD_FRAME, "a Close frame with an invalid code");
            endReason = CloseReason.TRANSPORT_ERROR;
            endDescription = "invalid close code " + close.statusCode();
            return withoutReason(WebSocketCloseStatus.PROTOCOL_ERROR);
        }
        return new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate());
    }

    /**
     * A Close frame with the status code alone. ws (and so engine.io) never puts a reason text
     * in the frames it sends, and engine.io-client's suite checks that the reason is empty;
     * Netty's statuses would otherwise carry theirs ("Max frame length of ... exceeded.").
     */
    static CloseWebSocketFrame withoutReason(WebSocketCloseStatus status) {
        return new CloseWebSocketFrame(status.code(), "");
    }

    private void parseError(EngineParseException e) {
        session.refused(RefusalCause.PROTOCOL_VIOLATION, "an Engine.IO packet that does not parse (" + e.reason() + ")");
        endReason = CloseReason.PARSE_ERROR;
        endDescription = e.reason().name();
        session.onLoop(() -> {
            if (session.transportSink() == ws) {
                session.closeNow(CloseReason.PARSE_ERROR, e.reason().name(), false);
            } else {
                cancelUpgradeIfOurs();
                ws.close(false);
            }
        });
    }

    /**
     * The packet of one text frame, its data decoded from UTF-8 once, straight from the buffer:
     * a frame starting with a packet type digit (every frame but a base64 one) gives the same
     * packet as {@link EngineCodec#decodeText} of the whole frame as a String, without that
     * String and the substring cut from it.
     */
    static EnginePacket decodeText(ByteBuf content) {
        int length = content.readableBytes();
        if (length > 0) {
            // A type is one ASCII digit, one byte; a multi-byte character is never one.
            EnginePacketType type = EnginePacketType.fromWireChar((char) content.getUnsignedByte(content.readerIndex()));
            if (type != null) {
                return EnginePacket.of(type, length == 1 ? "" : content.toString(content.readerIndex() + 1, length - 1,
                        StandardCharsets.UTF_8));
            }
        }
        return EngineCodec.decodeText(content.toString(StandardCharsets.UTF_8));
    }

    private void received(EnginePacket p, int bytes) {
        session.observer().packetReceived(dev.sio4j.engine.Transport.WEBSOCKET, p.type(), bytes);
    }

    private void dispatch(EnginePacket p) {
        // Usually the session lives on this channel's loop: then the packet goes on at once,
        // without a task made for it.
        if (session.inLoop()) {
            deliver(p);
        } else {
            session.onLoop(() -> deliver(p));
        }
    }

    private void deliver(EnginePacket p) {
        if (session.transportSink() == ws) {
            session.onPacket(p);
        } else if (session.upgrade() != null && session.upgrade().ws() == ws) {
            session.upgrade().onPacket(p);
        }
    }

    private void cancelUpgradeIfOurs() {
        Upgrade u = session.upgrade();
        if (u != null && u.ws() == ws) {
            u.onClosed();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            session.onLoop(() -> {
                if (session.transportSink() == ws) {
                    session.flush();
                }
            });
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        CloseReason reason = endReason;
        String description = endDescription;
        session.onLoop(() -> {
            if (session.transportSink() == ws) {
                session.closeNow(reason, description, false);
            } else {
                cancelUpgradeIfOurs();
            }
        });
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Every violation found in front of us (frame decoder, UTF-8 validator, inflater,
        // aggregator) lands here, so the close status is chosen in one place and always sent:
        // RFC 6455 wants a Close frame with the reason even after the peer's own (bad) Close.
        endReason = CloseReason.TRANSPORT_ERROR;
        endDescription = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (closing || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        closing = true;
        WebSocketCloseStatus status = closeStatusFor(cause);
        if (status == null) {
            ctx.close();
            return;
        }
        if (status.code() != WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code()) {
            session.refused(RefusalCause.BAD_FRAME, "a WebSocket frame refused with " + status.code());
        }
        closeAfterPending(ctx, withoutReason(status));
    }

    /**
     * Sends {@code close} and then closes the channel, after whatever the session queued for
     * this WebSocket in answer to the messages read before. ws answers a message synchronously,
     * so engine.io's reply to a message that came just before the peer's Close (or before a bad
     * frame, Autobahn 3.4 and 7.1.1) is on the wire before the Close frame; here the reply waits
     * in the outbox for its batched flush, which a Close written at once would overtake. The
     * task runs on the session's loop, behind the packets {@link #dispatch} handed it.
     */
    private void closeAfterPending(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        boolean queued = session.onLoop(() -> {
            if (session.transportSink() == ws) {
                session.flush();
            }
            ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        });
        if (!queued) {
            close.release();
            ctx.close();
        }
    }

    /**
     * The codes a peer may send (RFC 6455 7.4, as the ws library checks them): 1000-1014 except
     * 1004-1006, and 3000-4999. Netty's own check lets 5000 and above through.
     */
    static boolean isValidCloseCode(int code) {
        return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * A 64-bit length with its top bit set (2^63 and up). Netty calls it a protocol error (1002),
     * as RFC 6455 5.2 forbids that bit; ws answers 1009 for any length above 2^53-1, and so does
     * sio4j (SECURITY-CASES row 42): whatever the bit, the frame is too big to take. Netty says
     * so only in its message, which WebSocketSecurityCasesTest pins.
     */
    private static boolean declaresHugeLength(CorruptedWebSocketFrameException c) {
        return c.closeStatus() == WebSocketCloseStatus.PROTOCOL_ERROR
                && String.valueOf(c.getMessage()).contains("negative length");
    }

    /** The close status for a failure, or null when the connection itself broke (nothing to send). */
    static WebSocketCloseStatus closeStatusFor(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CorruptedWebSocketFrameException c) {
                return declaresHugeLength(c) ? WebSocketCloseStatus.MESSAGE_TOO_BIG : c.closeStatus();
            }
            if (t instanceof DecompressionException d) {
                // The inflater stops at maxAllocation (maxHttpBufferSize) with this message; any
                // other inflate failure is corrupt compressed data.
                String m = String.valueOf(d.getMessage());
                return m.contains("maximum size") ? WebSocketCloseStatus.MESSAGE_TOO_BIG
                        : WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
            }
            if (t instanceof IOException) {
                return null;
            }
        }
        return WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
    }
}
