// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.PersistedSession;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastClientCount;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.sio4j.adapter.cluster.ClusterMessageJson.ClusterMessageFormatException;
import dev.sio4j.adapter.cluster.MessageType;
import dev.sio4j.protocol.PayloadMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streams adapter's encodings against what the official adapter wrote to Redis
 * (src/test/resources/official, recorded with @socket.io/redis-streams-adapter 0.3.1): every
 * recorded stream entry, Pub/Sub message and session decodes to what the Node side meant and
 * encodes back to the same bytes.
 */
class OfficialEncodingTest {

    private static final PayloadMapper MAPPER = PayloadMapper.create();
    private static final ObjectMapper JSON = MAPPER.objectMapper();
    private static final JsonNode RECORDED = load();

    private static JsonNode load() {
        try (InputStream in = OfficialEncodingTest.class.getResourceAsStream("/official/streams-adapter-0.3.1.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A recorded entry's field/value list, in stream order. */
    private static List<String> fields(JsonNode entry) {
        List<String> out = new ArrayList<>();
        entry.path("fields").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static Map<String, byte[]> body(List<String> fields) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            body.put(fields.get(i), fields.get(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        return body;
    }

    private static List<String> asStrings(Object[] fields) {
        List<String> out = new ArrayList<>();
        for (Object f : fields) {
            out.add(f instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) f);
        }
        return out;
    }

    private static List<ClusterMessage> streamMessages() {
        List<ClusterMessage> out = new ArrayList<>();
        RECORDED.path("stream").forEach(e -> out.add(StreamCodec.decodeEntry(body(fields(e)), JSON)));
        return out;
    }

    private static List<ClusterMessage> pubSubMessages() {
        List<ClusterMessage> out = new ArrayList<>();
        RECORDED.path("pubsub").forEach(p -> out.add(StreamCodec.decodePubSub(Base64.getDecoder().decode(p.path("base64").asText()))));
        return out;
    }

    @Test
    void everyRecordedStreamEntryEncodesBackToTheSameFields() {
        assertThat(RECORDED.path("stream").size()).isEqualTo(10);
        for (JsonNode entry : RECORDED.path("stream")) {
            List<String> recorded = fields(entry);
            ClusterMessage m = StreamCodec.decodeEntry(body(recorded), JSON);
            assertThat(StreamCodec.isEphemeral(m)).as("%s goes through the stream", m.type()).isFalse();
            assertThat(asStrings(StreamCodec.entryFields(m, JSON))).as(entry.path("id").asText()).isEqualTo(recorded);
        }
    }

    @Test
    void recordedStreamEntriesMeanWhatTheNodeSent() throws IOException {
        List<ClusterMessage> m = streamMessages();
        Broadcast all = (Broadcast) m.get(0);
        assertThat(all.nsp()).isEqualTo("/");
        assertThat(all.requestId()).isNull();
        assertThat(all.data().toString()).isEqualTo("[\"m\",{\"k\":\"all\",\"from\":\"A\"}]");
        assertThat(all.opts()).isEqualTo(BroadcastOptions.ALL);
        assertThat(((Broadcast) m.get(1)).opts().rooms()).containsExactly("r1");
        assertThat(((Broadcast) m.get(2)).opts().except()).containsExactly("r1");
        assertThat(((Broadcast) m.get(3)).opts().flags().volatile_()).isTrue();
        assertThat(((Broadcast) m.get(4)).opts().flags().compress()).isFalse();

        Broadcast binary = (Broadcast) m.get(5);
        assertThat(binary.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(binary.data().get(2).get("n").doubleValue()).isEqualTo(1.5);
        assertThat(binary.data().get(2).get("u").isNull()).as("@msgpack/msgpack writes undefined as nil").isTrue();

        assertThat(m.get(6).nsp()).isEqualTo("/chat");
        assertThat(((SocketsJoin) m.get(7)).rooms()).containsExactly("r3");
        assertThat(((SocketsLeave) m.get(8)).opts().rooms()).containsExactly("r3");
        assertThat(((DisconnectSockets) m.get(9)).close()).isTrue();
        assertThat(m).allSatisfy(x -> assertThat(x.uid()).matches("[0-9a-f]{16}"));
    }

    @Test
    void everyRecordedPubSubMessageEncodesBackToTheSameBytes() {
        assertThat(RECORDED.path("pubsub").size()).isEqualTo(8);
        for (JsonNode p : RECORDED.path("pubsub")) {
            byte[] recorded = Base64.getDecoder().decode(p.path("base64").asText());
            ClusterMessage m = StreamCodec.decodePubSub(recorded);
            assertThat(StreamCodec.isEphemeral(m)).as("%s goes over Pub/Sub", m.type()).isTrue();
            String channel = p.path("channel").asText();
            assertThat(channel).isEqualTo(m instanceof ClusterMessage.Response
                    ? "socket.io#/#" + responseTarget() + "#" : "socket.io#/#");
            assertThat(StreamCodec.encodePubSub(m)).as(m.type().toString()).isEqualTo(recorded);
        }
    }

    /** The uid of node A, which asked every request of the recording. */
    private static String responseTarget() {
        return pubSubMessages().get(0).uid();
    }

    @Test
    void recordedPubSubMessagesMeanWhatTheNodesSent() {
        List<ClusterMessage> m = pubSubMessages();
        Broadcast ask = (Broadcast) m.get(0);
        assertThat(ask.requestId()).isNotNull();
        assertThat(ask.opts().flags()).isEqualTo(BroadcastFlags.DEFAULT.withTimeout(Duration.ofMillis(2000)));
        assertThat(((BroadcastClientCount) m.get(1)).clientCount()).isEqualTo(1);
        assertThat(((BroadcastAck) m.get(2)).answer().path("q").path("q").asInt()).isEqualTo(42);
        assertThat(((FetchSockets) m.get(3)).requestId()).isNotNull();
        FetchSocketsResponse sockets = (FetchSocketsResponse) m.get(4);
        assertThat(sockets.sockets()).hasSize(1);
        assertThat(sockets.sockets().get(0).data()).containsEntry("node", "B");
        assertThat(sockets.sockets().get(0).rooms()).contains("r1", sockets.sockets().get(0).id());
        assertThat(sockets.sockets().get(0).handshakeJson().path("address").asText()).isEqualTo("127.0.0.1");
        ServerSideEmit hello = (ServerSideEmit) m.get(5);
        assertThat(hello.requestId()).isNull();
        assertThat(hello.data().toString()).isEqualTo("[\"hello\", \"x\"]");
        assertThat(((ServerSideEmit) m.get(6)).requestId()).isNotNull();
        assertThat(((ServerSideEmitResponse) m.get(7)).answer().toString()).isEqualTo("{\"pong\":\"B\",\"arg\":\"q\"}");
        assertThat(m.stream().map(ClusterMessage::type)).containsExactly(MessageType.BROADCAST,
                MessageType.BROADCAST_CLIENT_COUNT, MessageType.BROADCAST_ACK, MessageType.FETCH_SOCKETS,
                MessageType.FETCH_SOCKETS_RESPONSE, MessageType.SERVER_SIDE_EMIT, MessageType.SERVER_SIDE_EMIT,
                MessageType.SERVER_SIDE_EMIT_RESPONSE);
    }

    @Test
    void theRecordedSessionDecodesAndEncodesBackToTheSameValue() {
        String key = RECORDED.path("session").path("key").asText();
        byte[] value = RECORDED.path("session").path("value").asText().getBytes(StandardCharsets.US_ASCII);
        PersistedSession s = SessionRecovery.decode(value, MAPPER);
        assertThat(key).isEqualTo("sio:session:" + s.pid());
        assertThat(s.sid()).hasSize(20).isNotEqualTo(s.pid());
        assertThat(s.rooms()).containsExactlyInAnyOrder(s.sid(), "r1");
        assertThat(s.data()).isEqualTo(Map.of("node", "B"));
        assertThat(new String(SessionRecovery.encode(s, MAPPER), StandardCharsets.US_ASCII))
                .isEqualTo(new String(value, StandardCharsets.US_ASCII));
    }

    @Test
    void aSessionWithBinaryAndNestedDataSurvivesTheRoundTrip() {
        PersistedSession s = new PersistedSession("sid1", "pid1", Set.of("sid1", "a", "b"),
                Map.of("n", 7, "bytes", new byte[] {9, 8}, "nested", Map.of("list", List.of(1, "x", true))));
        PersistedSession back = SessionRecovery.decode(SessionRecovery.encode(s, MAPPER), MAPPER);
        assertThat(back.sid()).isEqualTo("sid1");
        assertThat(back.rooms()).containsExactlyInAnyOrder("sid1", "a", "b");
        assertThat(back.data()).containsEntry("n", 7).containsEntry("nested", Map.of("list", List.of(1, "x", true)));
        assertThat((byte[]) back.data().get("bytes")).containsExactly(9, 8);
        back.data().put("mutable", true); // the restored socket's own data map
    }

    @Test
    void malformedEntriesAndPayloadsAreRefused() {
        Map<String, byte[]> ok = body(fields(RECORDED.path("stream").get(0)));
        for (String[] change : new String[][] {
                {"type", "x3"}, {"type", ""}, {"type", "-3"}, {"data", "{\"packet\":"}, {"data", "%%%"},
                {"data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc1})}, {"data", "{\"opts\":{}}"},
                {"uid", null}}) {
            Map<String, byte[]> bad = new LinkedHashMap<>(ok);
            if (change[1] == null) {
                bad.remove(change[0]);
            } else {
                bad.put(change[0], change[1].getBytes(StandardCharsets.UTF_8));
            }
            assertThatThrownBy(() -> StreamCodec.decodeEntry(bad, JSON)).as(change[0] + "=" + change[1])
                    .isInstanceOf(ClusterMessageFormatException.class);
        }
        Map<String, byte[]> unknown = new LinkedHashMap<>(ok);
        unknown.put("type", "99".getBytes(StandardCharsets.UTF_8));
        assertThat(StreamCodec.decodeEntry(unknown, JSON)).as("a newer peer's type is ignored").isNull();

        assertThatThrownBy(() -> StreamCodec.decodePubSub("{\"type\":3}".getBytes(StandardCharsets.UTF_8)))
                .as("Pub/Sub is always MessagePack").isInstanceOf(ClusterMessageFormatException.class);
        assertThatThrownBy(() -> SessionRecovery.decode("not base64!".getBytes(StandardCharsets.US_ASCII), MAPPER))
                .isInstanceOf(ClusterMessageFormatException.class);
    }

    @Test
    void theNextIdIsTheSmallestIdAfterAnOffset() {
        assertThat(SessionRecovery.nextId("1796574351832-0")).isEqualTo("1796574351832-1");
        assertThat(SessionRecovery.nextId("5-18446744073709551615")).isEqualTo("6-0");
        assertThat(SessionRecovery.nextId("1-2-3")).isNull();
        assertThat(SessionRecovery.nextId("abc")).isNull();
        assertThat(SessionRecovery.nextId("99999999999999999999999-0")).as("beyond 64 bits").isNull();
    }
}
