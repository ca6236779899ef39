// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor of JWKS-backed verification: two daemon threads ({@code sio4j-jwt-N}),
 * gone after a minute idle, and a queue of 1024 checks. Two threads, because nimbus lets one
 * fetch at a time and the others wait for it; a bounded queue, because a flood of CONNECTs while
 * the provider is slow must be refused rather than queued without end.
 *
 * <p>Thread-safe.
 */
public final class VerifierThreads extends ThreadPoolExecutor {

    static final int THREADS = 2;
    static final int QUEUE = 1024;

    private static final AtomicInteger ids = new AtomicInteger();

    public VerifierThreads() {
        super(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "sio4j-jwt-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        allowCoreThreadTimeOut(true);
    }
}
