// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

/** {@link BroadcastAcrossNodes} on the classic adapter. */
class ClassicBroadcastTest extends BroadcastAcrossNodes {
    @Override
    TestNodes.Mode mode() {
        return TestNodes.Mode.CLASSIC;
    }
}
