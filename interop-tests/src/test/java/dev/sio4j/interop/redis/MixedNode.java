// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.interop.node.NodeScripts;
import dev.sio4j.testsupport.ChildProcess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Node.js side of a mixed cluster ({@code js/redis/mixed-node.mjs}): an official socket.io
 * node "N" on the official Redis adapter, and the official clients of the test, driven by JSON
 * commands. Waits are bounded.
 */
final class MixedNode implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final AtomicInteger ids = new AtomicInteger();
    final int port;

    MixedNode(int redisPort, String mode) {
        NodeScripts.requireInstalled();
        process = NodeScripts.start(NodeScripts.script("redis/mixed-node.mjs"), Integer.toString(redisPort), mode);
        port = process.awaitType("ready", WAIT).get("port").asInt();
    }

    /** Sends a command built by {@code fill} onto {@code {"cmd": cmd}}. */
    void command(String cmd, Consumer<ObjectNode> fill) {
        ObjectNode c = JSON.createObjectNode().put("cmd", cmd);
        fill.accept(c);
        process.writeLine(c.toString());
    }

    /** Sends a command with a fresh id and returns its result's {@code value} (fails on its {@code error}). */
    JsonNode request(String cmd, Consumer<ObjectNode> fill) {
        int id = ids.incrementAndGet();
        command(cmd, c -> {
            c.put("id", id);
            fill.accept(c);
        });
        JsonNode r = process.awaitJson(j -> j.path("type").asText().equals("result") && j.path("id").asInt() == id, WAIT);
        if (r.has("error")) {
            throw new AssertionError(cmd + " failed on the Node node: " + r.get("error").asText());
        }
        return r.get("value");
    }

    /** Connects an official client named {@code name} to {@code url}; returns its socket id. */
    String client(String name, String url) {
        command("client", c -> c.put("name", name).put("url", url));
        return process.awaitJson(j -> j.path("type").asText().equals("connect") && j.path("client").asText().equals(name), WAIT)
                .get("id").asText();
    }

    /** Makes client {@code name} join {@code room} on its server, acked. */
    void join(String name, String room) {
        request("clientEmit", c -> {
            c.put("name", name).put("event", "join");
            c.putArray("args").add(room);
        });
    }

    /** The events client {@code name} received so far, as {@code "event [args JSON]"}, in order. */
    List<String> events(String name) {
        return process.jsonLines().stream()
                .filter(j -> j.path("client").asText().equals(name)
                        && (j.path("type").asText().equals("event") || j.path("type").asText().equals("disconnect")))
                .map(j -> j.path("type").asText().equals("event")
                        ? j.get("event").asText() + " " + j.get("args") : "disconnect " + j.get("reason").asText())
                .toList();
    }

    /** Waits until client {@code name} has received {@code count} events and returns them. */
    List<String> awaitEvents(String name, int count) {
        process.awaitJsonLines(j -> j.path("client").asText().equals(name)
                && (j.path("type").asText().equals("event") || j.path("type").asText().equals("disconnect")), count, WAIT);
        return events(name);
    }

    /** The server-side events node N received. */
    List<String> serverSideEvents() {
        return process.jsonLines().stream().filter(j -> j.path("type").asText().equals("serverSideEvent"))
                .map(j -> j.get("args").toString()).toList();
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        try {
            command("exit", c -> { });
            process.awaitExit(Duration.ofSeconds(5));
        } catch (RuntimeException | AssertionError e) {
            // destroyed below
        } finally {
            process.close();
        }
    }
}
