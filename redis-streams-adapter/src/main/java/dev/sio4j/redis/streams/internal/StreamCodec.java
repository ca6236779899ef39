// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessageJson;
import dev.sio4j.adapter.cluster.ClusterMessageJson.ClusterMessageFormatException;
import dev.sio4j.adapter.internal.MsgPack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The wire format of @socket.io/redis-streams-adapter for {@link ClusterMessage}s.
 *
 * <p>Stream entries (broadcasts without acknowledgement, socketsJoin/Leave, disconnectSockets)
 * are {@code XADD}ed with the fields {@code uid, nsp, type, data} in that order: {@code type} a
 * decimal string, {@code data} the JSON text of the message's data, or, when it holds binary,
 * the base64 of its MessagePack (a leading {@code {} tells them apart), and left out when the
 * type has none. Everything else (requests that expect answers, and the answers) travels over
 * Pub/Sub as MessagePack of the whole {@code {type, data, uid, nsp}}.
 *
 * <p>Decoding is strict and throws {@link ClusterMessageFormatException} for anything
 * malformed; an unknown type number gives null (a newer peer's message).
 *
 * <p>Stateless and thread-safe.
 */
final class StreamCodec {

    static final String UID = "uid";
    static final String NSP = "nsp";
    static final String TYPE = "type";
    static final String DATA = "data";

    private StreamCodec() {
    }

    /**
     * Whether {@code message} goes over Pub/Sub rather than the stream: what needs answers
     * (fetchSockets, serverSideEmit, a broadcast with acknowledgements) and is useless later.
     * Responses always go over Pub/Sub.
     */
    static boolean isEphemeral(ClusterMessage message) {
        return switch (message.type()) {
            case BROADCAST -> ((ClusterMessage.Broadcast) message).requestId() != null;
            case FETCH_SOCKETS, SERVER_SIDE_EMIT -> true;
            default -> message instanceof ClusterMessage.Response;
        };
    }

    /** The field/value list of the XADD of {@code message}: field names are strings, values bytes. */
    static Object[] entryFields(ClusterMessage message, ObjectMapper json) {
        byte[] uid = utf8(message.uid());
        byte[] nsp = utf8(message.nsp());
        byte[] type = utf8(Integer.toString(message.type().number()));
        JsonNode data = ClusterMessageJson.data(message);
        if (data == null) {
            return new Object[] {UID, uid, NSP, nsp, TYPE, type};
        }
        return new Object[] {UID, uid, NSP, nsp, TYPE, type, DATA, encodeData(data, json)};
    }

    /** JSON text, or base64 of MessagePack when {@code data} holds binary (as the official adapter decides). */
    static byte[] encodeData(JsonNode data, ObjectMapper json) {
        if (ClusterMessageJson.containsBinary(data)) {
            return Base64.getEncoder().encode(MsgPack.encode(data));
        }
        try {
            return json.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * The message of a stream entry whose {@code nsp} the caller has read already, or null for a
     * type this version does not know.
     */
    static ClusterMessage decodeEntry(Map<String, byte[]> body, ObjectMapper json) {
        String uid = text(body.get(UID));
        String nsp = text(body.get(NSP));
        int type = parseType(text(body.get(TYPE)));
        byte[] data = body.get(DATA);
        return ClusterMessageJson.fromParts(type, uid, nsp, data == null ? null : decodeData(data, json));
    }

    /** The {@code data} field: JSON when it starts with {@code {}, else base64 of MessagePack. */
    static JsonNode decodeData(byte[] raw, ObjectMapper json) {
        if (raw.length > 0 && raw[0] == '{') {
            try {
                return json.readTree(raw);
            } catch (IOException e) {
                throw new ClusterMessageFormatException("data is not JSON: " + e.getMessage());
            }
        }
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw new ClusterMessageFormatException("data is neither JSON nor base64: " + e.getMessage());
        }
        return unpack(packed);
    }

    /** MessagePack of the whole message, as requests and responses travel over Pub/Sub. */
    static byte[] encodePubSub(ClusterMessage message) {
        return MsgPack.encode(ClusterMessageJson.toTree(message));
    }

    /** A Pub/Sub message, or null for an unknown type. */
    static ClusterMessage decodePubSub(byte[] payload) {
        return ClusterMessageJson.fromTree(unpack(payload));
    }

    static JsonNode unpack(byte[] packed) {
        try {
            return MsgPack.decode(packed);
        } catch (MsgPack.MsgPackException e) {
            throw new ClusterMessageFormatException("bad MessagePack: " + e.getMessage());
        }
    }

    /** A field's value as text, or null when the field is missing. */
    static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A message type: one to three ASCII digits (the official adapter writes {@code type.toString()}). */
    private static int parseType(String type) {
        if (type == null || type.isEmpty() || type.length() > 3) {
            throw new ClusterMessageFormatException("no message type");
        }
        int n = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < '0' || c > '9') {
                throw new ClusterMessageFormatException("the message type is not a number");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
