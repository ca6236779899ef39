// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI on a mixed cluster (classic Redis adapter): a sio4j chat node instrumented by
 * sio4j-admin-ui and a Node.js chat node instrumented by the official {@code @socket.io/admin-ui},
 * with the UI's client connected to each (src/test/js/admin-cluster.mjs). Each sees both servers'
 * statistics and the sockets of both nodes, and an action from either reaches a socket on the other.
 */
class ChatAdminClusterTest {

    @Test
    void theUisClientSeesAndActsOnBothNodesOfAMixedCluster() throws Exception {
        try (ChatCluster cluster = new ChatCluster(RedisMode.CLASSIC)) {
            cluster.javaNode(false, ChatAdmin.loopbackOnly());
            cluster.nodeNode(false, true);
            String[] urls = cluster.urls().split(",");
            List<String> checks = ChatCluster.runChecks("admin-cluster.mjs", urls[0], urls[1]);
            assertThat(checks).containsExactly(
                    "connect",
                    "each admin client hears the server_stats of both nodes",
                    "all_sockets on the sio4j node lists the sockets of both nodes",
                    "all_sockets on the Node node lists the sio4j node's sockets too",
                    "an action from the sio4j node's admin reaches a socket on the Node node, and both admins see it",
                    "an action from the Node node's admin reaches a socket on the sio4j node");
        }
    }
}
