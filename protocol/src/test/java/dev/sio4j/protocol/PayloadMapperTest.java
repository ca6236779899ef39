// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadMapperTest {

    record Upload(String name, byte[] bytes, Meta meta) {}

    record Meta(List<byte[]> thumbnails, int size) {}

    record Message(String text) {}

    private final PayloadMapper mapper = PayloadMapper.create();

    @Test
    void byteArraysAtAnyDepthOfARecordBecomeBinaryNodes() {
        JsonNode tree = mapper.toTree(new Upload("a.png", new byte[] {1, 2}, new Meta(List.of(new byte[] {3}), 2)));
        assertThat(tree.get("bytes").isBinary()).isTrue();
        assertThat(tree.at("/meta/thumbnails/0").isBinary()).isTrue();
        assertThat(tree.get("name").textValue()).isEqualTo("a.png");
    }

    @Test
    void byteBuffersInMapsAndListsBecomeBinaryNodes() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {9, 8, 7, 6}).flip();
        ByteBuffer slice = ByteBuffer.wrap(new byte[] {0, 1, 2, 3}, 1, 2);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("direct", direct);
        map.put("list", List.of(slice, "x"));
        JsonNode tree = mapper.toTree(map);
        assertThat(tree.get("direct").isBinary()).isTrue();
        assertThat(tree.get("direct").binaryValue()).containsExactly(9, 8, 7, 6);
        assertThat(tree.at("/list/0").binaryValue()).containsExactly(1, 2);
        assertThat(tree.at("/list/1").textValue()).isEqualTo("x");
    }

    @Test
    void binaryNodesMapBackToByteArrayTargets() {
        Upload original = new Upload("f", new byte[] {5, 6}, new Meta(List.of(new byte[] {7}), 1));
        Upload back = mapper.fromTree(mapper.toTree(original), Upload.class);
        assertThat(back.bytes()).containsExactly(5, 6);
        assertThat(back.meta().thumbnails().get(0)).containsExactly(7);
        assertThat(mapper.fromTree(JsonNodeFactory.instance.binaryNode(new byte[] {4}), byte[].class)).containsExactly(4);
    }

    @Test
    void binarySurvivesTheWireBetweenMapperAndCodec() {
        Upload original = new Upload("f", new byte[] {1, 2, 3}, new Meta(List.of(new byte[] {4}, new byte[0]), 3));
        ArrayNode args = JsonNodeFactory.instance.arrayNode().add("upload").add(mapper.toTree(original));
        EncodedPacket wire = new SocketEncoder().encode(SocketPacket.event("/", args));
        assertThat(wire.text()).startsWith("53-[\"upload\",");
        SocketDecoder decoder = new SocketDecoder();
        SocketPacket decoded = decoder.onText(wire.text());
        for (byte[] a : wire.attachments()) {
            decoded = decoder.onBinary(a);
        }
        Upload back = mapper.fromTree(decoded.data().get(1), Upload.class);
        assertThat(back.bytes()).containsExactly(1, 2, 3);
        assertThat(back.meta().thumbnails()).hasSize(2);
        assertThat(back.meta().thumbnails().get(1)).isEmpty();
    }

    @Test
    void genericTargetsThroughTypeReferenceAndJavaType() {
        JsonNode tree = mapper.toTree(List.of(new Message("a"), new Message("b")));
        List<Message> viaRef = mapper.fromTree(tree, new TypeReference<List<Message>>() { });
        assertThat(viaRef).containsExactly(new Message("a"), new Message("b"));
        var type = mapper.objectMapper().getTypeFactory().constructCollectionType(List.class, Message.class);
        List<Message> viaType = mapper.fromTree(tree, type);
        assertThat(viaType).isEqualTo(viaRef);
    }

    @Test
    void unknownPropertiesAreIgnoredAndNullMapsToNull() {
        JsonNode tree = JsonNodeFactory.instance.objectNode().put("text", "hi").put("extra", 1);
        assertThat(mapper.fromTree(tree, Message.class)).isEqualTo(new Message("hi"));
        assertThat(mapper.fromTree(null, Message.class)).isNull();
        assertThat(mapper.toTree(null).isNull()).isTrue();
    }

    @Test
    void binaryNodesMapBackToByteBufferTargetsAndBufferPositionsAreNotMoved() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {1, 2, 3});
        JsonNode tree = mapper.toTree(source);
        assertThat(source.position()).isZero();
        ByteBuffer back = mapper.fromTree(tree, ByteBuffer.class);
        assertThat(back.remaining()).isEqualTo(3);
        assertThat(back.get(2)).isEqualTo((byte) 3);
    }

    @Test
    void jsonNodesPassThroughUntouched() {
        JsonNode node = JsonNodeFactory.instance.objectNode().put("a", 1);
        assertThat(mapper.toTree(node)).isSameAs(node);
    }

    @Test
    void datesAreWrittenAsIsoStringsAsJavaScriptWritesThem() {
        assertThat(mapper.toTree(new Date(0)).textValue()).startsWith("1970-01-01T00:00:00.000");
    }

    @Test
    void valuesThatDoNotFitTheTypeGiveATypedError() {
        JsonNode text = JsonNodeFactory.instance.textNode("abc");
        assertThatThrownBy(() -> mapper.fromTree(text, int.class))
                .isInstanceOf(PayloadMappingException.class)
                .hasMessageContaining("int");
        JsonNode array = JsonNodeFactory.instance.arrayNode().add(1);
        assertThatThrownBy(() -> mapper.fromTree(array, Message.class)).isInstanceOf(PayloadMappingException.class);
    }

    @Test
    void unserializableValuesGiveATypedError() {
        Object selfReferencing = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> mapper.toTree(selfReferencing)).isInstanceOf(PayloadMappingException.class);
    }

    @Test
    void aUserMapperKeepsItsSettingsAndGainsDirectBufferSupport() throws Exception {
        ObjectMapper own = new ObjectMapper();
        PayloadMapper wrapped = PayloadMapper.of(own);
        assertThat(wrapped.objectMapper()).isNotSameAs(own);
        assertThat(wrapped.toTree(ByteBuffer.allocateDirect(2)).binaryValue()).hasSize(2);
        JsonNode tree = JsonNodeFactory.instance.objectNode().put("text", "hi").put("extra", 1);
        assertThatThrownBy(() -> wrapped.fromTree(tree, Message.class)).isInstanceOf(PayloadMappingException.class);
        assertThat(wrapped.toTree(new byte[] {1}).isBinary()).isTrue();
    }

    @Test
    void theDefaultMapperLimitsNestingWhenParsingText() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> mapper.objectMapper().readTree(deep))
                .hasMessageContaining("nesting depth");
    }
}
