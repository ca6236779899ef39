// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.interop.node.NodeScripts;
import dev.sio4j.testsupport.ChildProcess;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The official socket.io-client in a Node process ({@code js/official-client/driver.mjs}), driven
 * by JSON-line commands. Binary values cross the pipe as {@code {"$bin":"<base64>"}}: use
 * {@link #bin(byte[])} to build them and {@link #bytes(JsonNode)} to read them.
 *
 * <p>Thread-safe (the process is). Close it at the end of the test.
 */
final class OfficialClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess node;
    private final AtomicInteger ackIds = new AtomicInteger();

    private OfficialClient(ChildProcess node) {
        this.node = node;
    }

    /** Starts a client of {@code address} in {@code mode}; {@code options} may add driver options. */
    static OfficialClient start(InetSocketAddress address, TransportMode mode, Consumer<ObjectNode> options) {
        ObjectNode json = JSON.createObjectNode();
        mode.applyTo(json);
        json.put("lifetimeMs", 90_000);
        options.accept(json);
        String url = "http://" + address.getHostString() + ":" + address.getPort();
        return new OfficialClient(NodeScripts.node(NodeScripts.script("official-client/driver.mjs"))
                .args(url, json.toString())
                .maxLifetime(Duration.ofSeconds(120))
                .start());
    }

    static OfficialClient start(InetSocketAddress address, TransportMode mode) {
        return start(address, mode, o -> { });
    }

    ChildProcess process() {
        return node;
    }

    /** Waits for the {@code connect} of namespace {@code ns} (the first one) and returns it. */
    JsonNode awaitConnect(String ns) {
        return node.awaitJson(j -> is(j, "connect") && ns.equals(j.path("ns").asText()), WAIT);
    }

    /** Waits for the {@code n}-th (1-based) {@code connect} of namespace {@code ns}. */
    JsonNode awaitConnect(String ns, int n) {
        return node.awaitJsonLines(j -> is(j, "connect") && ns.equals(j.path("ns").asText()), n, WAIT).get(n - 1);
    }

    JsonNode awaitConnectError(String ns) {
        return node.awaitJson(j -> is(j, "connect_error") && ns.equals(j.path("ns").asText()), WAIT);
    }

    JsonNode awaitDisconnect(String ns) {
        return node.awaitJson(j -> is(j, "disconnect") && ns.equals(j.path("ns").asText()), WAIT);
    }

    JsonNode awaitType(String type) {
        return node.awaitType(type, WAIT);
    }

    /** The arguments of the first event {@code name} received on {@code ns}. */
    ArrayNode awaitEvent(String ns, String name) {
        return awaitEvents(ns, name, 1).get(0);
    }

    /** The arguments of the first {@code count} events {@code name} received on {@code ns}. */
    List<ArrayNode> awaitEvents(String ns, String name, int count) {
        return node.awaitJsonLines(j -> isEvent(j, ns, name), count, WAIT).stream()
                .map(j -> (ArrayNode) j.path("args")).toList();
    }

    /** How many events {@code name} on {@code ns} arrived so far. */
    long eventCount(String ns, String name) {
        return node.jsonLines().stream().filter(j -> isEvent(j, ns, name)).count();
    }

    void connect(String ns, JsonNode auth) {
        ObjectNode command = command("connect").put("ns", ns);
        if (auth != null) {
            command.set("auth", auth);
        }
        send(command);
    }

    /** Emits without an ack. */
    void emit(String ns, String event, Object... args) {
        send(command("emit").put("ns", ns).put("event", event).set("args", JSON.valueToTree(args)));
    }

    /** Emits with an ack (and a client-side timeout when {@code timeout} is not null); returns the ack id. */
    String emitWithAck(String ns, String event, Duration timeout, Object... args) {
        String id = "ack-" + ackIds.incrementAndGet();
        ObjectNode command = command("emit").put("ns", ns).put("event", event).put("ack", true).put("id", id);
        command.set("args", JSON.valueToTree(args));
        if (timeout != null) {
            command.put("timeout", timeout.toMillis());
        }
        send(command);
        return id;
    }

    /** Waits for the ack {@code id}: {@code {"error": null|message, "args": [...]}}. */
    JsonNode awaitAck(String id) {
        return node.awaitJson(j -> is(j, "ack") && id.equals(j.path("id").asText()), WAIT);
    }

    void disconnect(String ns) {
        send(command("disconnect").put("ns", ns));
    }

    @Override
    public void close() {
        node.close();
    }

    /** A binary value for {@link #emit} arguments. */
    static ObjectNode bin(byte[] bytes) {
        return JSON.createObjectNode().put("$bin", Base64.getEncoder().encodeToString(bytes));
    }

    /** The bytes of a binary value printed by the driver. */
    static byte[] bytes(JsonNode value) {
        if (!value.has("$bin")) {
            throw new AssertionError("not a binary value: " + value);
        }
        return Base64.getDecoder().decode(value.path("$bin").asText());
    }

    private ObjectNode command(String cmd) {
        return JSON.createObjectNode().put("cmd", cmd);
    }

    private void send(ObjectNode command) {
        node.writeLine(command.toString());
    }

    private static boolean is(JsonNode j, String type) {
        return type.equals(j.path("type").asText());
    }

    private static boolean isEvent(JsonNode j, String ns, String name) {
        return is(j, "event") && ns.equals(j.path("ns").asText()) && name.equals(j.path("name").asText());
    }
}
