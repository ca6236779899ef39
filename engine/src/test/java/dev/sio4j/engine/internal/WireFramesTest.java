// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ready frames are byte for byte what Netty's frame encoder writes for the same payload, at every
 * length form (7-bit, 16-bit, 64-bit), text and binary, so writing them past the encoder changes
 * nothing on the wire.
 */
class WireFramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, 125, 126, 127, 1023, 1024, 1025, 65535, 65536, 70000})
    void sameBytesAsNettysEncoder(int length) {
        for (boolean binary : new boolean[] {false, true}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) ('a' + i % 26);
            }
            ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(payload);
            ByteBuf ready = WireFrames.encode(PooledByteBufAllocator.DEFAULT, source, binary);
            try {
                assertThat(source.readerIndex()).as("the shared payload is not consumed").isZero();
                assertThat(WireFrames.headerLengthOf(ready)).isEqualTo(WireFrames.headerLength(length));
                assertThat(ByteBufUtil.getBytes(ready)).isEqualTo(nettyEncoded(payload, binary));
            } finally {
                ready.release();
                source.release();
            }
        }
    }

    private static byte[] nettyEncoded(byte[] payload, boolean binary) {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        WebSocketFrame frame = binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(payload));
        ch.writeOutbound(frame);
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = ch.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        ch.finishAndReleaseAll();
        byte[] out = ByteBufUtil.getBytes(all);
        all.release();
        return out;
    }
}
