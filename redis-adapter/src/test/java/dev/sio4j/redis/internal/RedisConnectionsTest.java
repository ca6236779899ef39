// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import dev.sio4j.redis.internal.RedisConnections.Kind;
import dev.sio4j.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The shared plumbing against a real redis-server: Pub/Sub of the three kinds, outages, fail-fast. */
class RedisConnectionsTest {

    private static RedisServer redis;
    private RedisConnections conn;
    private RedisConnections other;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void open() throws Exception {
        conn = openOwn();
        other = openOwn();
    }

    private static RedisConnections openOwn() throws Exception {
        RedisURI uri = RedisURI.create(redis.uri());
        RedisClient client = RedisConnections.newClient(uri, Duration.ofMillis(100), Duration.ofSeconds(2));
        return RedisConnections.open(client, uri, () -> RedisConnections.shutdown(client)).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        if (!redis.isRunning()) {
            redis.startAgain();
        }
        conn.closeAsync().get(5, TimeUnit.SECONDS);
        other.closeAsync().get(5, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void channelsPatternsAndShardChannelsReachTheirHandlers() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        conn.subscribe(Kind.CHANNEL, "a#", (ch, m) -> got.add("channel " + ch + " " + text(m))).get(5, TimeUnit.SECONDS);
        conn.subscribe(Kind.PATTERN, "p#*", (ch, m) -> got.add("pattern " + ch + " " + text(m))).get(5, TimeUnit.SECONDS);
        conn.subscribe(Kind.SHARD, "s#", (ch, m) -> got.add("shard " + ch + " " + text(m))).get(5, TimeUnit.SECONDS);

        assertThat(other.numsub("a#").get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(other.shardNumsub("s#").get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(other.publish("a#", bytes("1")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        other.publish("p#room#", bytes("2")).get(5, TimeUnit.SECONDS);
        other.spublish("s#", bytes("3")).get(5, TimeUnit.SECONDS);

        assertThat(List.of(poll(got), poll(got), poll(got)))
                .containsExactly("channel a# 1", "pattern p#room# 2", "shard s# 3");

        conn.unsubscribe(Kind.CHANNEL, "a#").get(5, TimeUnit.SECONDS);
        assertThat(other.numsub("a#").get(5, TimeUnit.SECONDS)).isZero();
        assertThat(conn.isSubscribed(Kind.CHANNEL, "a#")).isFalse();
    }

    @Test
    void aThrowingHandlerDoesNotStopTheConnection() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        conn.subscribe(Kind.CHANNEL, "boom", (ch, m) -> {
            throw new IllegalStateException("handler bug");
        }).get(5, TimeUnit.SECONDS);
        conn.subscribe(Kind.CHANNEL, "fine", (ch, m) -> got.add(text(m))).get(5, TimeUnit.SECONDS);
        other.publish("boom", bytes("x")).get(5, TimeUnit.SECONDS);
        other.publish("fine", bytes("still here")).get(5, TimeUnit.SECONDS);
        assertThat(poll(got)).isEqualTo("still here");
        assertThat(conn.isConnected()).isTrue();
    }

    @Test
    void whileRedisIsDownCommandsFailFastAndSubscriptionsComeBackWithIt() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        conn.subscribe(Kind.CHANNEL, "kept", (ch, m) -> got.add("kept " + text(m))).get(5, TimeUnit.SECONDS);
        conn.subscribe(Kind.SHARD, "kept-shard", (ch, m) -> got.add("kept-shard " + text(m))).get(5, TimeUnit.SECONDS);
        conn.subscribe(Kind.CHANNEL, "dropped", (ch, m) -> got.add("dropped " + text(m))).get(5, TimeUnit.SECONDS);

        redis.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !conn.isConnected());

        // refused at once, nothing queued
        long start = System.nanoTime();
        CompletableFuture<Long> refused = conn.publish("kept", bytes("lost"));
        assertThat(refused).isCompletedExceptionally();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RedisDisconnectedException.class);

        // changed while Redis is away: carried out once it is back
        assertThat(conn.subscribe(Kind.PATTERN, "late#*", (ch, m) -> got.add("late " + ch))).isCompletedExceptionally();
        assertThat(conn.unsubscribe(Kind.CHANNEL, "dropped")).isCompletedExceptionally();

        redis.startAgain();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> conn.isConnected() && other.isConnected());
        // every subscription in place: count the subscribers the way the adapters do
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                other.numsub("kept").get() == 1 && other.shardNumsub("kept-shard").get() == 1
                        && other.numsub("dropped").get() == 0
                        && other.command(c -> c.pubsubNumpat()).get() == 1);
        long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        System.out.println("resubscribed " + recoveredMillis + " ms after Redis was back");
        assertThat(recoveredMillis).as("resubscribed after Redis came back").isLessThan(1000);

        other.publish("kept", bytes("again")).get(5, TimeUnit.SECONDS);
        other.spublish("kept-shard", bytes("again")).get(5, TimeUnit.SECONDS);
        other.publish("dropped", bytes("again")).get(5, TimeUnit.SECONDS);
        other.publish("late#1", bytes("x")).get(5, TimeUnit.SECONDS);
        other.publish("kept", bytes("last")).get(5, TimeUnit.SECONDS);
        // in order, and nothing from the channel unsubscribed during the outage
        assertThat(List.of(poll(got), poll(got), poll(got), poll(got)))
                .containsExactly("kept again", "kept-shard again", "late late#1", "kept last");
    }

    @Test
    void commandsInFlightWhenRedisDiesFailInsteadOfWaitingForIt() throws Exception {
        // a command that Redis will not answer before it is killed (the command timeout is 2 s)
        var blocked = conn.command(c -> c.blpop(0, "nothing"));
        redis.kill();
        assertThatThrownBy(() -> blocked.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aDedicatedConnectionBlocksInXreadLongerThanTheCommandTimeout() throws Exception {
        RedisURI uri = RedisURI.create(redis.uri());
        RedisClient client = RedisConnections.newClient(uri, Duration.ofMillis(100), Duration.ofMillis(200));
        RedisConnections own = RedisConnections.open(client, uri, () -> RedisConnections.shutdown(client))
                .get(5, TimeUnit.SECONDS);
        try {
            var reader = own.openDedicated().get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            var read = reader.async().xread(io.lettuce.core.XReadArgs.Builder.block(600),
                    io.lettuce.core.XReadArgs.StreamOffset.from("nothing-yet", "$")).toCompletableFuture();
            // the shared connection is not held by the blocked read, and still times out as before
            assertThat(own.command(c -> c.ping()).get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
            assertThatThrownBy(() -> own.command(c -> c.blpop(1, "nothing")).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
            assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
            reader.close();
        } finally {
            own.closeAsync().get(5, TimeUnit.SECONDS);
        }
        assertThat(own.openDedicated()).isCompletedExceptionally();
    }

    @Test
    void closingRefusesCommandsAndIsIdempotent() throws Exception {
        conn.closeAsync().get(5, TimeUnit.SECONDS);
        conn.close();
        assertThat(conn.isConnected()).isFalse();
        assertThat(conn.publish("x", bytes("y"))).isCompletedExceptionally();
        assertThat(conn.subscribe(Kind.CHANNEL, "x", (c, m) -> { })).isCompletedExceptionally();
    }

    @Test
    void opensFromAClientOfTheApplicationsOwnWithItsDefaultUri() throws Exception {
        RedisClient own = RedisClient.create(redis.uri());
        try {
            RedisConnections c = RedisConnections.open(own, null, null).get(5, TimeUnit.SECONDS);
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            c.subscribe(Kind.CHANNEL, "own", (ch, m) -> got.add(text(m))).get(5, TimeUnit.SECONDS);
            other.publish("own", bytes("hi")).get(5, TimeUnit.SECONDS);
            assertThat(poll(got)).isEqualTo("hi");
            c.closeAsync().get(5, TimeUnit.SECONDS);
            assertThat(c.isConnected()).isFalse();
        } finally {
            own.shutdownAsync(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void openFailsWhenRedisIsUnreachable() throws Exception {
        RedisURI nowhere = RedisURI.create("redis://127.0.0.1:1");
        RedisClient client = RedisConnections.newClient(nowhere, Duration.ofMillis(100), Duration.ofSeconds(1));
        CompletableFuture<RedisConnections> opened = RedisConnections.open(client, nowhere,
                () -> RedisConnections.shutdown(client));
        assertThatThrownBy(() -> opened.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    private static String poll(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("a message within 5 s").isNotNull();
        return s;
    }
}
