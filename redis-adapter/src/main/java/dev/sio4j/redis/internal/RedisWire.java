// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sio4j.adapter.cluster.ClusterMessageJson;
import dev.sio4j.adapter.internal.MsgPack;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two payload encodings of the official Redis adapters: JSON text, or MessagePack
 * (notepack.io) for what holds binary; a receiver tells them apart by the first byte
 * ({@code '{'} is JSON). Stateless and thread-safe.
 */
public final class RedisWire {

    /** Nesting deeper than this in a JSON payload is refused, as {@link MsgPack} refuses it. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MsgPack.MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RedisWire() {
    }

    /** The tree in {@code payload}: JSON when it starts with {@code '{'}, else MessagePack. */
    public static JsonNode read(byte[] payload) {
        if (payload.length > 0 && payload[0] == '{') {
            try {
                JsonNode tree = JSON.readTree(payload);
                if (tree == null) {
                    throw new IllegalArgumentException("empty JSON payload");
                }
                return tree;
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
            }
        }
        return MsgPack.decode(payload);
    }

    /** {@code tree} as compact JSON text. */
    public static byte[] json(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tree} as the official adapters send it: JSON, or MessagePack when it holds binary. */
    public static byte[] jsonUnlessBinary(JsonNode tree) {
        return ClusterMessageJson.containsBinary(tree) ? MsgPack.encode(tree) : json(tree);
    }
}
