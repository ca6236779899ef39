// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import java.util.List;

/** {@link RequestsAcrossNodes} on the classic adapter. */
class ClassicRequestsTest extends RequestsAcrossNodes {
    @Override
    TestNodes.Mode mode() {
        return TestNodes.Mode.CLASSIC;
    }

    @Override
    List<String> channels() {
        return List.of("socket.io#/#", "socket.io-request#/#", "socket.io-response#/#");
    }

    @Override
    boolean sharded() {
        return false;
    }
}
