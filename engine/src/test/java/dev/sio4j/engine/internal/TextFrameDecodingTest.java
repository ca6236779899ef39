// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.engine.EngineMessage;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EngineParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A text frame decoded straight from its buffer gives the packet the codec gives for the whole
 * frame as a String, good or bad; and a message's WebSocket frame holds exactly its bytes.
 */
class TextFrameDecodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"42[\"chat message\",\"hi\"]", "2", "3probe", "40/admin,{\"token\":\"\u00e9\"}",
        "4\u4e2d\u6587 \ud83d\ude00", "6", "bAQID", "4", "1"})
    void decodesAsTheCodecDoesForTheWholeFrame(String frame) {
        assertThat(decode(frame)).isEqualTo(EngineCodec.decodeText(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "9hello", "\u00e9x", "b!!!"})
    void badFramesFailWithTheCodecsReason(String frame) {
        EngineParseException expected = catchParse(() -> EngineCodec.decodeText(frame));
        EngineParseException actual = catchParse(() -> decode(frame));
        assertThat(actual.reason()).isEqualTo(expected.reason());
    }

    @Test
    void readsOnlyTheReadableBytesOfItsBuffer() {
        ByteBuf buf = Unpooled.copiedBuffer("xx4hello", StandardCharsets.UTF_8);
        try {
            buf.skipBytes(2);
            assertThat(WebSocketFrameHandler.decodeText(buf)).isEqualTo(EngineCodec.decodeText("4hello"));
            assertThat(buf.readerIndex()).as("the buffer is left as it was").isEqualTo(2);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[\"e\",\"plain\"]", "2[\"\u00e9\u4e2d\ud83d\ude00\"]", "", "2[\"lone \ud800\"]"})
    void aMessageFrameIsTheTypeDigitAndTheUtf8OfItsTextAtTheirExactSize(String text) {
        try (EngineMessage m = EngineMessage.of(text)) {
            ByteBuf[] frames = MessageFrames.retainedFrames(m);
            try {
                // A lone surrogate becomes '?' both in Netty's writer and in String.getBytes.
                ByteBuf expected = Unpooled.wrappedBuffer(("4" + text).getBytes(StandardCharsets.UTF_8));
                assertThat(frames).hasSize(1);
                assertThat(frames[0].toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
                assertThat(frames[0].readableBytes()).isEqualTo(expected.readableBytes());
                assertThat(frames[0].capacity()).as("no room kept for the UTF-8 worst case").isEqualTo(expected.readableBytes());
            } finally {
                for (ByteBuf f : frames) {
                    f.release();
                }
            }
        }
    }

    private static dev.sio4j.protocol.engineio.EnginePacket decode(String frame) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(frame.getBytes(StandardCharsets.UTF_8));
        try {
            return WebSocketFrameHandler.decodeText(buf);
        } finally {
            buf.release();
        }
    }

    private static EngineParseException catchParse(Runnable r) {
        try {
            r.run();
        } catch (EngineParseException e) {
            return e;
        }
        throw new AssertionError("no EngineParseException");
    }
}
