// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import dev.sio4j.testsupport.ChildProcess;
import dev.sio4j.testsupport.RedisServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat cluster for a test: a real redis-server, sio4j chat nodes in this JVM and, optionally,
 * Node.js chat nodes (src/test/js/node-chat.mjs: the chat's behaviour on the official socket.io
 * and the official Redis adapters), all on one adapter. {@link #close()} stops everything it
 * started.
 *
 * <p>Not thread-safe: driven by one test thread.
 */
final class ChatCluster implements AutoCloseable {

    private final RedisServer redis = RedisServer.start();
    private final RedisMode mode;
    private final List<ChatServer> javaNodes = new ArrayList<>();
    private final List<ChildProcess> nodeNodes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    ChatCluster(RedisMode mode) {
        this.mode = mode;
    }

    /** Starts a sio4j chat node; {@code recovery} turns connection state recovery on. */
    ChatServer javaNode(boolean recovery) {
        return javaNode(recovery, ChatAdmin.off());
    }

    /** Starts a sio4j chat node with the admin UI settings {@code admin}. */
    ChatServer javaNode(boolean recovery, ChatAdmin admin) {
        ChatServer chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0)
                .redis(redis.uri()).redisMode(mode).recovery(recovery).diagnostics(true).build(), admin);
        javaNodes.add(chat);
        urls.add("http://127.0.0.1:" + chat.port());
        return chat;
    }

    /** Starts a Node.js chat node on the official adapter of the same mode. */
    void nodeNode(boolean recovery) {
        nodeNode(recovery, false);
    }

    /** Starts a Node.js chat node; {@code admin}: instrumented by the official @socket.io/admin-ui. */
    void nodeNode(boolean recovery, boolean admin) {
        List<String> args = new ArrayList<>(List.of(redis.uri(), mode.name().toLowerCase(Locale.ROOT), "diagnostics"));
        if (recovery) {
            args.add("recovery");
        }
        if (admin) {
            args.add("admin");
        }
        ChildProcess node = ChatScripts.node("node-chat.mjs", args.toArray(String[]::new));
        nodeNodes.add(node);
        JsonNode ready = node.awaitType("ready", Duration.ofSeconds(30));
        urls.add("http://127.0.0.1:" + ready.path("port").asInt());
    }

    /** The base URLs of the nodes, in the order they were started, comma-separated for the drivers. */
    String urls() {
        return String.join(",", urls);
    }

    /**
     * Runs the driver {@code script} (seed.mjs, cluster.mjs) with {@code args} and asserts that
     * every check it reports passed; returns the names of the checks.
     */
    static List<String> runChecks(String script, String... args) throws InterruptedException {
        try (ChildProcess driver = ChatScripts.node(script, args)) {
            JsonNode done = driver.awaitType("done", Duration.ofSeconds(120));
            List<JsonNode> checks = driver.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).as("checks of %s", script).isNotEmpty();
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            assertThat(driver.awaitExit(Duration.ofSeconds(20))).isZero();
            return checks.stream().map(j -> j.path("name").asText()).toList();
        }
    }

    @Override
    public void close() {
        for (ChildProcess n : nodeNodes) {
            n.close();
        }
        for (ChatServer c : javaNodes) {
            c.close();
        }
        redis.close();
    }
}
