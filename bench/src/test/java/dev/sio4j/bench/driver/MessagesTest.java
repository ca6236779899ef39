// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static long[] parse(String packet) {
        ByteBuf buf = Unpooled.copiedBuffer(packet, StandardCharsets.UTF_8);
        try {
            long seq = Messages.seq(buf);
            return new long[] {seq, seq < 0 ? 0 : Messages.nanos(buf), Messages.isBinary(buf) ? 1 : 0};
        } finally {
            buf.release();
        }
    }

    @Test
    void anEventCarriesItsSequenceAndSendTimeAndIsPaddedToItsSize() {
        String event = Messages.event("/", 42, 123_456_789L, 64);

        assertThat(event).startsWith("2[\"message\",\"#42,123456789,xx").endsWith("\"]");
        assertThat(event.length() - "2[\"message\",\"\"]".length()).isEqualTo(64);
        assertThat(parse(event)).containsExactly(42, 123_456_789L, 0);
    }

    @Test
    void aShortSizeStillCarriesTheWholeStamp() {
        assertThat(Messages.event("/", 1_000_000, 99, 1)).isEqualTo("2[\"message\",\"#1000000,99,\"]");
    }

    @Test
    void anotherNamespaceFollowsThePacketType() {
        assertThat(Messages.event("/chat", 1, 2, 0)).isEqualTo("2/chat,[\"message\",\"#1,2,\"]");
        assertThat(Messages.binaryEvent("/chat", 1, 2)).startsWith("51-/chat,[\"message\",");
    }

    @Test
    void aBinaryEventHasOnePlaceholderAndItsStamp() {
        String event = Messages.binaryEvent("/", 7, 8);

        assertThat(event).isEqualTo("51-[\"message\",{\"stamp\":\"#7,8,\",\"data\":{\"_placeholder\":true,\"num\":0}}]");
        assertThat(parse(event)).containsExactly(7, 8, 1);
    }

    @Test
    void aPacketWithoutAStampHasNoSequence() {
        assertThat(parse("2[\"message\",\"hello\"]")[0]).isEqualTo(-1);
    }

    @Test
    void aNegativeSendTimeIsRead() {
        // System.nanoTime() may be negative
        assertThat(parse(Messages.event("/", 3, -5_000, 0))).containsExactly(3, -5_000, 0);
    }
}
