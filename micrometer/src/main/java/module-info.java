// SPDX-License-Identifier: Apache-2.0
/**
 * Micrometer metrics for the sio4j Socket.IO server: {@link dev.sio4j.micrometer.SocketIoMetrics},
 * a {@code MeterBinder}. Micrometer's types appear in its API, so micrometer-core comes with it.
 */
module dev.sio4j.micrometer {
    requires transitive dev.sio4j.server;
    requires transitive micrometer.core;

    exports dev.sio4j.micrometer;
}
