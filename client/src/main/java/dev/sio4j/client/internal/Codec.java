// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.DecoderLimits;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;

/**
 * The client's use of the shared protocol codecs: Java values to JSON trees (byte[] and
 * ByteBuffer become {@code BinaryNode} at any depth), packets to wire frames, and a strict
 * decoder per session with the configured limits.
 *
 * <p>Thread-safe, except the {@link Decoder}s it makes, which are confined to one session.
 */
final class Codec {

    /** A strict decoder for one Engine.IO session. Confined to the session's event loop. */
    interface Decoder {
        /** @return the finished packet, or null while binary attachments are outstanding */
        SocketPacket onText(String text);

        SocketPacket onBinary(byte[] data);
    }

    private final PayloadMapper mapper;
    private final SocketEncoder encoder = new SocketEncoder();
    private final DecoderLimits limits;

    Codec(ObjectMapper mapper, DecoderLimits limits) {
        this.mapper = mapper != null ? PayloadMapper.of(mapper) : PayloadMapper.create();
        this.limits = limits;
    }

    /** {@code [event, args...]}. @throws IllegalArgumentException when an argument cannot be mapped */
    ArrayNode eventArray(String event, Object[] args, int count) {
        ArrayNode array = mapper.objectMapper().createArrayNode();
        array.add(event);
        appendAll(array, args, count);
        return array;
    }

    /** The arguments of an ACK. */
    ArrayNode ackArray(Object[] args) {
        ArrayNode array = mapper.objectMapper().createArrayNode();
        appendAll(array, args, args.length);
        return array;
    }

    private void appendAll(ArrayNode array, Object[] args, int count) {
        for (int i = 0; i < count; i++) {
            array.add(toJson(args[i]));
        }
    }

    /** @throws dev.sio4j.protocol.PayloadMappingException when Jackson cannot map the value */
    JsonNode toJson(Object value) {
        return mapper.toTree(value);
    }

    <T> T fromJson(Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof JsonNode node) {
            return mapper.fromTree(node, type);
        }
        return mapper.objectMapper().convertValue(value, type);
    }

    EncodedPacket encode(SocketPacket packet) {
        return encoder.encode(packet);
    }

    Decoder newDecoder() {
        SocketDecoder decoder = new SocketDecoder(limits);
        return new Decoder() {
            @Override
            public SocketPacket onText(String text) {
                return decoder.onText(text);
            }

            @Override
            public SocketPacket onBinary(byte[] data) {
                return decoder.onBinary(data);
            }
        };
    }
}
