// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link RequestsAcrossNodes} on the sharded adapter, plus its heartbeats. */
class ShardedRequestsTest extends RequestsAcrossNodes {
    @Override
    TestNodes.Mode mode() {
        return TestNodes.Mode.SHARDED;
    }

    @Override
    List<String> channels() {
        return List.of("socket.io#/#");
    }

    @Override
    boolean sharded() {
        return true;
    }

    @Test
    void heartbeatsMakeEveryNodeKnownToTheOthers() {
        await().atMost(TestNodes.WAIT).until(() -> cluster.node(0).adapter("/").nodes().size() == 2);
        assertThat(cluster.node(0).adapter("/").nodes())
                .containsExactlyInAnyOrder(cluster.node(1).adapter("/").uid(), cluster.node(2).adapter("/").uid());
        assertThat(cluster.node(0).factory.stats().nodes()).isEqualTo(2);
    }
}
