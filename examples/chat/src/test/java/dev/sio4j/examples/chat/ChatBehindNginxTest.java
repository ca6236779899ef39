// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import dev.sio4j.testsupport.NginxServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment docs/CLUSTER.md shows, run as shown: nginx (Debian's) in front of two chat nodes
 * on one Redis, sticky by client address ({@code hash $remote_addr consistent}) so that every
 * request of a long-polling session reaches its node, WebSocket upgrades proxied. The official
 * client connects with polling then upgrades, from eight source addresses, so the sessions land
 * on both nodes; the chat's seed behaviours must then all pass across them.
 */
class ChatBehindNginxTest {

    @Test
    void twoNodesBehindNginxServeTheChatToPollingClientsThatUpgrade() throws Exception {
        try (ChatCluster cluster = new ChatCluster(RedisMode.CLASSIC)) {
            ChatServer a = cluster.javaNode(false);
            ChatServer b = cluster.javaNode(false);
            AtomicInteger onA = new AtomicInteger();
            AtomicInteger onB = new AtomicInteger();
            a.io().of("/").on("connection", s -> onA.incrementAndGet());
            b.io().of("/").on("connection", s -> onB.incrementAndGet());

            try (NginxServer nginx = NginxServer.start(config(a.port(), b.port()))) {
                List<String> checks = ChatCluster.runChecks("seed.mjs", "http://127.0.0.1:" + nginx.port(), "both", "spread");
                assertThat(checks).containsExactlyElementsOf(ChatSeedBehavioursTest.CHECKS);
            }
            assertThat(onA.get()).as("sessions on node A").isPositive();
            assertThat(onB.get()).as("sessions on node B").isPositive();
        }
    }

    /** The http block of docs/CLUSTER.md's deployment, on the test's ports. */
    static String config(int nodeA, int nodeB) {
        return """
                upstream chat_nodes {
                    hash $remote_addr consistent;
                    server 127.0.0.1:%d;
                    server 127.0.0.1:%d;
                }
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://chat_nodes;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 75s;
                    }
                }
                """.formatted(nodeA, nodeB);
    }
}
