// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fragment aggregator on an EmbeddedChannel; every buffer is released. */
class WebSocketMessageAggregatorTest {

    @Test
    void joinsFragmentsIntoOneFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(100, 4));
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("4he", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("ll", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("o", StandardCharsets.UTF_8)));
        TextWebSocketFrame whole = ch.readInbound();
        assertThat(whole.text()).isEqualTo("4hello");
        whole.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void passesWholeFramesThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(100, 4));
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
        BinaryWebSocketFrame f = ch.readInbound();
        assertThat(f.content().readableBytes()).isEqualTo(1);
        f.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void tooManyFragmentsReport1009AndReleaseEverything() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(100, 2));
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("4a", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("b", StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("c", StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG));
        // Whatever follows the failure is released unread.
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("d", StandardCharsets.UTF_8)));
        Object after = ch.readInbound();
        assertThat(after).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void tooManyBytesReport1009() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(4, 100));
        ch.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[3])));
        assertThatThrownBy(() -> ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[3]))))
                .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void continuationWithoutStartIsAProtocolError() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(100, 4));
        assertThatThrownBy(() -> ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[1]))))
                .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.PROTOCOL_ERROR));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void partialMessageIsReleasedWhenTheChannelCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketMessageAggregator(100, 4));
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.directBuffer().writeBytes(new byte[] {'4'})));
        assertThat(ch.finish()).isFalse();
    }
}
