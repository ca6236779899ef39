// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class when Netty reported a buffer leak while it ran.
 *
 * <p>Registered for every test of a module that depends on sio4j-test-support through JUnit's
 * extension auto-detection (enabled in the parent pom). Leaks surface only after the leaked
 * buffer is garbage-collected and another buffer is tracked, so after each class this runs a
 * few GC cycles and allocates tracked buffers to make the detector drain its reference queue.
 */
public final class LeakFailExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        if (!Boolean.getBoolean("sio4j.leakCheck")) {
            return;
        }
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            pokeDetectors();
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported while "
                    + context.getDisplayName() + " ran:\n" + String.join("\n\n", leaks));
        }
    }

    private static void pokeDetectors() {
        for (int i = 0; i < 64; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            pooled.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
            unpooled.release();
        }
    }
}
