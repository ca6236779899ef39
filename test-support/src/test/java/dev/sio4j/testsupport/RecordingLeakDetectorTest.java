// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Proves that the leak detector the whole build relies on actually sees a leak. */
class RecordingLeakDetectorTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReported() {
        leakOne();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            // Tracking a new buffer makes the detector poll its reference queue.
            UnpooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            return !RecordingLeakDetector.drain().isEmpty();
        });
        assertThat(RecordingLeakDetector.drain()).isEmpty();
    }

    private static void leakOne() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(32);
        leaked.writeInt(42);
    }
}
