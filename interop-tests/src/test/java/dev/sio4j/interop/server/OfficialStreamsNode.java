// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.interop.node.NodeScripts;
import dev.sio4j.testsupport.ChildProcess;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An official socket.io node with @socket.io/redis-streams-adapter ({@code js/cluster/streams-node.mjs})
 * in a Node process, driven by JSON-line commands: the Node member of a mixed cluster.
 *
 * <p>Thread-safe (the process is). Close it at the end of the test.
 */
final class OfficialStreamsNode implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess node;
    private final InetSocketAddress address;
    private final AtomicInteger ids = new AtomicInteger();

    private OfficialStreamsNode(ChildProcess node) {
        this.node = node;
        this.address = new InetSocketAddress("127.0.0.1", node.awaitType("ready", WAIT).path("port").asInt());
    }

    /** Starts a node named {@code name} on the Redis at {@code redisUri}; returns once it reads the stream. */
    static OfficialStreamsNode start(String redisUri, String name) {
        return new OfficialStreamsNode(NodeScripts.node(NodeScripts.script("cluster/streams-node.mjs"))
                .args(redisUri, name, "{\"lifetimeMs\":110000}")
                .maxLifetime(Duration.ofSeconds(120))
                .start());
    }

    InetSocketAddress address() {
        return address;
    }

    ChildProcess process() {
        return node;
    }

    /** A command {@code {"cmd": cmd}} to fill in and {@link #send}. */
    static ObjectNode command(String cmd) {
        return JSON.createObjectNode().put("cmd", cmd);
    }

    void send(ObjectNode command) {
        node.writeLine(command.toString());
    }

    /** Sends {@code command} with a fresh id and returns its result's {@code value} (fails on an error result). */
    JsonNode call(ObjectNode command) {
        String id = "c" + ids.incrementAndGet();
        send(command.put("id", id));
        JsonNode result = node.awaitJson(j -> "result".equals(j.path("type").asText()) && id.equals(j.path("id").asText()),
                WAIT);
        if (result.has("error")) {
            throw new AssertionError(command.path("cmd").asText() + " failed on the Node node: " + result.path("error"));
        }
        return result.path("value");
    }

    /** Emits {@code event} with {@code args} to {@code rooms} of namespace {@code ns} (all when no room). */
    void emit(String ns, List<String> rooms, String event, Object... args) {
        ObjectNode c = command("emit").put("ns", ns).put("event", event);
        rooms.forEach(c.putArray("rooms")::add);
        c.set("args", JSON.valueToTree(args));
        send(c);
    }

    /** The {@code connection} line of socket {@code id}. */
    JsonNode awaitConnection(String id) {
        return node.awaitJson(j -> "connection".equals(j.path("type").asText()) && id.equals(j.path("id").asText()), WAIT);
    }

    /** Waits for {@code count} {@code hello} server-side events and returns their first arguments. */
    List<String> awaitHellos(int count) {
        return node.awaitJsonLines(j -> "hello".equals(j.path("type").asText()), count, WAIT).stream()
                .map(j -> j.path("args").path(0).asText()).toList();
    }

    @Override
    public void close() {
        node.close();
    }
}
