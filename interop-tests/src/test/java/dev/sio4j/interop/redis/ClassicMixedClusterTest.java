// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.redis;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.RedisAdapter;
import dev.sio4j.redis.RedisAdapterOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link MixedRedisCluster} on the classic adapters, and the official
 * {@code @socket.io/redis-emitter} 5.1.0 reaching the sio4j nodes' clients.
 */
class ClassicMixedClusterTest extends MixedRedisCluster {
    @Override
    String mode() {
        return "classic";
    }

    @Override
    ClusterAdapterFactory factory(String redisUri) {
        return RedisAdapter.classic(RedisAdapterOptions.builder(redisUri).build());
    }

    @Test
    void theOfficialEmitterReachesTheClientsOfSio4jNodes() {
        node.join("c1", "eroom");
        node.join("c2", "eroom");
        node.client("echat", url(0, "/chat"));
        String victim = node.client("victim", url(1, "/"));
        int b1 = node.events("c1").size();
        int b2 = node.events("c2").size();

        node.command("emitter", c -> c.put("op", "emit").put("event", "e").putArray("args").add("all"));
        node.command("emitter", c -> {
            c.put("op", "emit").put("event", "e").putArray("args").add("room but c1");
            c.putArray("rooms").add("eroom");
            c.putArray("except").add(c1);
        });
        node.command("emitter", c -> c.put("op", "emit").put("ns", "/chat").put("event", "e").putArray("args").add("chat"));
        node.command("emitter", c -> c.put("op", "emit").put("event", "bin").putArray("args").addObject().put("$bin", "AQID"));
        // in any order: the Node test driver runs the emitter commands concurrently
        assertThat(newEvents("c1", b1, 2)).containsExactlyInAnyOrder("e [\"all\"]", "bin [{\"$bin\":\"AQID\"}]");
        assertThat(newEvents("c2", b2, 3)).containsExactlyInAnyOrder("e [\"all\"]", "e [\"room but c1\"]", "bin [{\"$bin\":\"AQID\"}]");
        assertThat(newEvents("echat", 0, 1)).containsExactly("e [\"chat\"]");
        assertThat(newEvents("victim", 0, 2)).containsExactlyInAnyOrder("e [\"all\"]", "bin [{\"$bin\":\"AQID\"}]");

        // socketsJoin / socketsLeave through the emitter, checked with a sio4j broadcast
        node.command("emitter", c -> {
            c.put("op", "socketsJoin").putArray("args").add("joined");
            c.putArray("rooms").add(c2);
        });
        await().atMost(WAIT).until(() -> java.get(1).of("/").sockets().get(c2).rooms().contains("joined"));
        java.get(0).to("joined").emit("joined");
        assertThat(newEvents("c2", b2, 4)).last().isEqualTo("joined []");
        node.command("emitter", c -> {
            c.put("op", "socketsLeave").putArray("args").add("joined");
            c.putArray("rooms").add("eroom");
        });
        await().atMost(WAIT).until(() -> !java.get(1).of("/").sockets().get(c2).rooms().contains("joined"));

        node.command("emitter", c -> c.put("op", "serverSideEmit").put("event", "hello").putArray("args").add("from emitter"));
        await().atMost(WAIT).until(() -> javaServerSideEvents.get(0).contains("[\"from emitter\"]")
                && javaServerSideEvents.get(1).contains("[\"from emitter\"]")
                && node.serverSideEvents().contains("[\"from emitter\"]"));

        node.command("emitter", c -> {
            c.put("op", "disconnectSockets").put("close", true);
            c.putArray("rooms").add(victim);
        });
        assertThat(newEvents("victim", 2, 1)).isEqualTo(List.of("disconnect io server disconnect"));
    }
}
