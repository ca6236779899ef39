// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat as a mixed cluster, for each Redis adapter: two sio4j chat nodes and one Node.js chat
 * node (the official socket.io with the official adapter) on one Redis, the official client's
 * peers spread over the three. Every seed behaviour of the tutorial then crosses nodes and
 * languages (broadcast, a private message to a socket of another node, rooms, {@code /chat},
 * presence listing the whole cluster), and so do the cluster's own events (whoIsOnline, the
 * diagnostics). With the streams adapter and recovery on, a client cut off from one node comes
 * back on another, Java or Node, with its id, rooms and the messages it missed.
 */
class ChatClusterTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(RedisMode.class)
    void everyChatFlowCrossesNodesAndLanguages(RedisMode mode) throws Exception {
        try (ChatCluster cluster = new ChatCluster(mode)) {
            cluster.javaNode(false);
            cluster.javaNode(false);
            cluster.nodeNode(false);

            List<String> seed = ChatCluster.runChecks("seed.mjs", cluster.urls(), "both");
            assertThat(seed).containsExactlyElementsOf(ChatSeedBehavioursTest.CHECKS);
            List<String> clusterChecks = ChatCluster.runChecks("cluster.mjs", cluster.urls(), "both");
            assertThat(clusterChecks).contains("whoIsOnline lists the sockets of every node",
                    "serverSideHello reaches every other node, and only them");
        }
    }

    @Test
    void withStreamsAClientComesBackOnAnotherNodeAndLanguageWithWhatItMissed() throws Exception {
        try (ChatCluster cluster = new ChatCluster(RedisMode.STREAMS)) {
            cluster.javaNode(true);
            cluster.javaNode(true);
            cluster.nodeNode(true);

            List<String> checks = ChatCluster.runChecks("cluster.mjs", cluster.urls(), "websocket", "recovery");
            assertThat(checks).contains(
                    "recovery: a client cut off from node 0 comes back on node 1",
                    "recovery: a client cut off from node 0 comes back on node 2",
                    "recovery: a client cut off from node 2 comes back on node 1");
        }
    }
}
