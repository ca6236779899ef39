// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import dev.sio4j.redis.TestNodes.Mode;
import dev.sio4j.redis.TestNodes.TestClient;
import dev.sio4j.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Three sio4j nodes A, B, C on one redis-server for the whole class, and a fresh client on each
 * for every test ({@code a}, {@code b}, {@code c}, namespace {@code /}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ThreeNodes {

    abstract Mode mode();

    private RedisServer redis;
    TestNodes cluster;
    TestClient a;
    TestClient b;
    TestClient c;

    @BeforeAll
    void start() {
        redis = RedisServer.start();
        cluster = new TestNodes(redis, mode(), "A", "B", "C");
    }

    @AfterAll
    void stop() {
        cluster.close();
        redis.close();
    }

    @BeforeEach
    void connect() {
        a = cluster.client(0, "/");
        b = cluster.client(1, "/");
        c = cluster.client(2, "/");
    }

    @AfterEach
    void disconnect() {
        a.close();
        b.close();
        c.close();
    }
}
