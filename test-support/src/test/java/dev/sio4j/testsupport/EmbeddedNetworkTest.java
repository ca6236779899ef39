// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedNetworkTest {

    /** Echoes what it reads, and closes its connection 1 s after it opened. */
    private static final class EchoThenClose extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTimerOutlivesTheCloseOfAnotherConnection() {
        try (EmbeddedNetwork network = new EmbeddedNetwork()) {
            EmbeddedNetwork.Connection first = network.connect(new EchoThenClose());
            EmbeddedNetwork.Connection second = network.connect(new EchoThenClose());
            first.close();
            network.advance(Duration.ofMillis(999));
            assertThat(second.isOpen()).isTrue();
            network.advance(Duration.ofMillis(1));
            assertThat(second.isOpen()).as("closed by its own timer").isFalse();
        }
    }

    @Test
    void bytesWaitWhileReadsArePausedAndWritesComeBackAsBytes() {
        try (EmbeddedNetwork network = new EmbeddedNetwork()) {
            EmbeddedNetwork.Connection c = network.connect(new EchoThenClose());
            c.write(ascii("one"));
            assertThat(c.read()).isEqualTo(ascii("one"));
            c.channel().config().setAutoRead(false);
            c.write(ascii("two"));
            assertThat(c.read()).isEmpty();
            c.channel().config().setAutoRead(true);
            network.runTasks();
            assertThat(c.read()).isEqualTo(ascii("two"));
            assertThat(network.liveBufferBytes()).isZero();
        }
    }

    @Test
    void anUnreleasedBufferIsCountedAndAFailureInThePipelineIsRethrown() {
        List<ByteBuf> kept = new ArrayList<>();
        try (EmbeddedNetwork network = new EmbeddedNetwork()) {
            EmbeddedNetwork.Connection keeper = network.connect(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    kept.add((ByteBuf) msg);
                }
            });
            keeper.write(ascii("kept"));
            assertThat(network.liveBufferBytes()).isPositive();
            kept.forEach(ByteBuf::release);
            assertThat(network.liveBufferBytes()).isZero();

            EmbeddedNetwork.Connection failing = network.connect(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ((ByteBuf) msg).release();
                    throw new IllegalStateException("boom");
                }
            });
            assertThatThrownBy(() -> failing.write(ascii("x"))).hasMessage("boom");
        }
    }
}
