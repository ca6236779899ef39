// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The holder of bytes pipelined after an upgrade request, on an EmbeddedChannel. */
class PendingUpgradeBytesTest {

    private static final byte[] REQUEST = ("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    /** Stands for EngineHttpHandler: holds on every request head. */
    private static final class Holding extends ChannelInboundHandlerAdapter {
        final int maxFramePayload;
        PendingUpgradeBytes pending;

        Holding(int maxFramePayload) {
            this.maxFramePayload = maxFramePayload;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                pending = PendingUpgradeBytes.hold(ctx.pipeline(), maxFramePayload);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** A masked text frame, mask 0 so the payload reads as is. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        f.write(0x80 | payload.length);
        f.writeBytes(new byte[4]);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    private static void assertOnlyTheRequestWasDecoded(EmbeddedChannel ch) {
        Object head = ch.readInbound();
        assertThat(head).isInstanceOf(HttpRequest.class);
        Object last = ch.readInbound();
        assertThat(last).isInstanceOf(LastHttpContent.class);
        ReferenceCountUtil.release(last);
        assertThat((Object) ch.readInbound()).as("nothing after the request is decoded as HTTP").isNull();
    }

    @Test
    void holdsWhatFollowsTheRequestAndReplaysItIntoTheFrameDecoder() {
        Holding holding = new Holding(100);
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), holding);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(REQUEST, textFrame("4one"), textFrame("4two"))));
        assertOnlyTheRequestWasDecoded(ch);
        assertThat(ch.config().isAutoRead()).as("reads paused while the handshake is decided").isFalse();

        // What the handshake does: a frame decoder in front of the codec.
        String codec = ch.pipeline().context(HttpServerCodec.class).name();
        ch.pipeline().addBefore(codec, "wsdecoder", new WebSocket13FrameDecoder(true, false, 100));
        holding.pending.release();

        TextWebSocketFrame one = ch.readInbound();
        TextWebSocketFrame two = ch.readInbound();
        assertThat(one.text()).isEqualTo("4one");
        assertThat(two.text()).isEqualTo("4two");
        one.release();
        two.release();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(ch.pipeline().get(PendingUpgradeBytes.NAME)).isNull();
        // Later bytes take the same road.
        ch.writeInbound(Unpooled.wrappedBuffer(textFrame("4three")));
        TextWebSocketFrame three = ch.readInbound();
        assertThat(three.text()).isEqualTo("4three");
        three.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void moreThanOneLargestFrameClosesTheConnection() {
        Holding holding = new Holding(10);
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), holding);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(REQUEST, new byte[10 + 14 + 1])));
        assertOnlyTheRequestWasDecoded(ch);
        assertThat(ch.isOpen()).isFalse();
        holding.pending.release(); // too late: nothing happens
        ch.finishAndReleaseAll();
    }

    @Test
    void oneLargestFrameIsHeld() {
        Holding holding = new Holding(10);
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), holding);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(REQUEST, new byte[10 + 14])));
        assertOnlyTheRequestWasDecoded(ch);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusedUpgradeDropsWhatWasHeldWhenTheConnectionCloses() {
        Holding holding = new Holding(100);
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), holding);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(REQUEST, textFrame("4x"))));
        assertOnlyTheRequestWasDecoded(ch);
        ch.close();
        holding.pending.release();
        // The held buffer was released with the pipeline; a leak would fail this class.
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void withoutAnHttpServerCodecNothingIsHeld() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        assertThat(PendingUpgradeBytes.hold(ch.pipeline(), 100)).isNull();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }
}
