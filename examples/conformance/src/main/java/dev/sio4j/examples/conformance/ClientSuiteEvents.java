// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sio4j.server.AckCallback;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.Socket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The main-namespace events of the {@code client} profile, for one socket: the echo, ack, date,
 * UTF-8 and binary round trips socket.io-client's suite performs. The ordered binary checks
 * (abuff1 then abuff2; blob1, blob2, blob3) keep per-socket flags.
 *
 * <p>Confined to the socket's listener thread (the server calls one socket's listeners in order).
 */
final class ClientSuiteEvents {

    static final List<String> UTF8_STRINGS =
            List.of("てすと", "Я Б Г Д Ж Й", "Ä ä Ü ü ß", "utf8 — string", "utf8 — string");
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] ASDFASDF = "asdfasdf".getBytes(StandardCharsets.UTF_8);

    private final Socket socket;
    private final ObjectMapper mapper;
    private boolean abuff1;
    private boolean blob1;
    private boolean blob2;

    ClientSuiteEvents(Socket socket, ObjectMapper mapper) {
        this.socket = socket;
        this.mapper = mapper;
    }

    /** JavaScript's {@code new Date().toJSON()}: ISO-8601 in UTC with milliseconds. */
    static String now() {
        return JS_ISO.format(Instant.now());
    }

    void register() {
        on("hi", (args, ack) -> socket.emit("hi"));
        on("echo", (args, ack) -> ack.send(arg(args, 0)));
        on("ack", (args, ack) -> socket.emit("ack", (AckCallback) (error, reply) -> {
            if (error == null && reply.size() >= 2 && reply.get(0).asInt() == 5 && reply.get(1).path("test").asBoolean()) {
                socket.emit("got it");
            }
        }));
        on("getAckDate", (args, ack) -> ack.send(now()));
        on("getDate", (args, ack) -> socket.emit("takeDate", now()));
        on("getDateObj", (args, ack) -> socket.emit("takeDateObj", Map.of("date", now())));
        on("getUtf8", (args, ack) -> UTF8_STRINGS.forEach(s -> socket.emit("takeUtf8", s)));
        on("false", (args, ack) -> socket.emit("false", false));
        on("doge", (args, ack) -> socket.emit("doge", (Object) ASDFASDF.clone()));
        on("buffa", (args, ack) -> {
            if (arg(args, 0).isBinary()) {
                socket.emit("buffack");
            }
        });
        on("jsonbuff", (args, ack) -> {
            if (isMixedJson(arg(args, 0))) {
                socket.emit("jsonbuff-ack");
            }
        });
        on("abuff1", (args, ack) -> abuff1 = arg(args, 0).isBinary());
        on("abuff2", (args, ack) -> {
            if (abuff1) {
                socket.emit("abuff2-ack");
            }
        });
        on("blob", (args, ack) -> {
            if (arg(args, 0).isBinary()) {
                socket.emit("back");
            }
        });
        on("jsonblob", (args, ack) -> {
            if (isMixedJson(arg(args, 0))) {
                socket.emit("jsonblob-ack");
            }
        });
        on("blob1", (args, ack) -> blob1 = arg(args, 0).isBinary());
        on("blob2", (args, ack) -> blob2 = blob1 && "second".equals(arg(args, 0).asText(null)));
        on("blob3", (args, ack) -> {
            if (arg(args, 0).isBinary() && blob1 && blob2) {
                socket.emit("blob3-ack");
            }
        });
        on("getbin", (args, ack) -> socket.emit("takebin", (Object) ASDFASDF.clone()));
        on("getHandshake", (args, ack) -> ack.send(socket.handshake().toJson(mapper)));
        on("getId", (args, ack) -> ack.send(socket.id()));
    }

    private void on(String event, EventListener listener) {
        socket.onArgs(event, listener);
    }

    private static JsonNode arg(List<JsonNode> args, int index) {
        return index < args.size() ? args.get(index) : MissingNode.getInstance();
    }

    private static boolean isMixedJson(JsonNode value) {
        return "lol".equals(value.path("hello").asText(null))
                && value.path("message").isBinary()
                && "gotcha".equals(value.path("goodbye").asText(null));
    }
}
