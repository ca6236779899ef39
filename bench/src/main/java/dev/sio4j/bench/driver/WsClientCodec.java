// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A lean WebSocket client for one connection: writes the upgrade request, checks the 101, then
 * parses the server's frames in place and hands each whole message to its {@link Peer} without
 * copying or creating frame objects. The driver shares two cores with the server it measures, so
 * every microsecond it spends is taken from that server; Netty's WebSocket client codec would
 * allocate a frame object and a pipeline of handlers per connection.
 *
 * <p>Client frames are masked with an all-zero key (a valid key, which makes masking a no-op for
 * the driver while the server still runs its unmasking). Ping frames are answered with pongs,
 * fragmented messages are joined, a Close frame closes the connection.
 *
 * <p>Confined to the channel's event loop, except {@link #sendText}/{@link #sendBinary}, which
 * any thread may call (Netty hops to the loop).
 */
final class WsClientCodec extends ByteToMessageDecoder implements Peer.Wire {

    private static final int OP_CONT = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final String requestHead;
    private final Peer peer;
    private Channel channel;
    private boolean upgraded;
    /** A fragmented message being joined, and its opcode. */
    private ByteBuf fragments;
    private int fragmentsOpcode;

    WsClientCodec(String host, String pathAndQuery, Peer peer) {
        this.requestHead = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        this.peer = peer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(requestHead.getBytes(StandardCharsets.US_ASCII)));
        super.channelActive(ctx);
    }

    /**
     * ByteToMessageDecoder asks for another read when autoRead is off and nothing went down the
     * pipeline, which is always the case here (frames go to the peer directly): a reader paused
     * with {@code setAutoRead(false)}, the slow consumer, would go on reading. Only the buffer
     * housekeeping is kept.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!upgraded) {
            int end = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(HEADER_END), in);
            if (end < 0) {
                return;
            }
            String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
            in.readerIndex(end + HEADER_END.length);
            if (!head.startsWith("HTTP/1.1 101")) {
                peer.onFailure("upgrade refused: " + head.lines().findFirst().orElse(""));
                ctx.close();
                return;
            }
            upgraded = true;
            peer.onWireOpen(this);
        }
        while (ctx.channel().isActive() && readFrame(ctx, in)) {
            // one whole frame handled per turn
        }
    }

    /** Handles one frame when all of it has arrived; false when more bytes are needed. */
    private boolean readFrame(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 2) {
            return false;
        }
        int b0 = in.getUnsignedByte(start);
        int b1 = in.getUnsignedByte(start + 1);
        long length = b1 & 0x7F;
        int headerLength = 2;
        if (length == 126) {
            if (in.readableBytes() < 4) {
                return false;
            }
            length = in.getUnsignedShort(start + 2);
            headerLength = 4;
        } else if (length == 127) {
            if (in.readableBytes() < 10) {
                return false;
            }
            length = in.getLong(start + 2);
            headerLength = 10;
        }
        if ((b1 & 0x80) != 0 || length > Integer.MAX_VALUE - 16) {
            peer.onFailure("bad frame from the server (masked, or " + length + " bytes)");
            ctx.close();
            return false;
        }
        if (in.readableBytes() < headerLength + length) {
            return false;
        }
        ByteBuf payload = in.slice(start + headerLength, (int) length);
        in.readerIndex(start + headerLength + (int) length);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        switch (opcode) {
            case OP_TEXT, OP_BINARY -> {
                if (fin) {
                    deliver(opcode, payload);
                } else {
                    fragmentsOpcode = opcode;
                    fragments = ctx.alloc().buffer().writeBytes(payload);
                }
            }
            case OP_CONT -> {
                if (fragments != null) {
                    fragments.writeBytes(payload);
                    if (fin) {
                        ByteBuf whole = fragments;
                        fragments = null;
                        try {
                            deliver(fragmentsOpcode, whole);
                        } finally {
                            whole.release();
                        }
                    }
                }
            }
            case OP_PING -> ctx.writeAndFlush(frame(ctx.alloc(), OP_PONG, payload));
            case OP_CLOSE -> ctx.close();
            case OP_PONG -> { }
            default -> {
                peer.onFailure("unknown opcode " + opcode);
                ctx.close();
            }
        }
        return true;
    }

    private void deliver(int opcode, ByteBuf payload) {
        if (opcode == OP_TEXT) {
            peer.onText(payload);
        } else {
            peer.onBinary(payload);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
        peer.onWireClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        peer.onFailure(cause.toString());
        ctx.close();
    }

    @Override
    public void sendText(String text) {
        ByteBufAllocator alloc = channel.alloc();
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf buf = alloc.buffer(length + 14);
        writeHeader(buf, OP_TEXT, length);
        ByteBufUtil.writeUtf8(buf, text);
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    public void sendTextThenBinary(String text, byte[] binary) {
        sendText(text);
        ByteBuf buf = channel.alloc().buffer(binary.length + 14);
        writeHeader(buf, OP_BINARY, binary.length);
        buf.writeBytes(binary);
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    public Channel channel() {
        return channel;
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
        ByteBuf buf = alloc.buffer(payload.readableBytes() + 14);
        writeHeader(buf, opcode, payload.readableBytes());
        return buf.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    /** FIN, the opcode, the mask bit, the length and the all-zero masking key. */
    static void writeHeader(ByteBuf buf, int opcode, int length) {
        buf.writeByte(0x80 | opcode);
        if (length < 126) {
            buf.writeByte(0x80 | length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(0x80 | 126).writeShort(length);
        } else {
            buf.writeByte(0x80 | 127).writeLong(length);
        }
        buf.writeInt(0);
    }
}
