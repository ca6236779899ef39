// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessageJson;
import dev.sio4j.redis.SubscriptionMode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message the official adapters published in a recorded run (fixtures/README.md tells how
 * and with which versions) decodes, means what the scenario did, and encodes back to the same
 * bytes (room lists compared as sets where there are several, since their order carries nothing).
 */
class RecordedWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Recorded(String scenario, String command, String channel, byte[] payload) {
        JsonNode tree() {
            return RedisWire.read(payload);
        }
    }

    static List<Recorded> load(String name) throws Exception {
        List<Recorded> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                RecordedWireTest.class.getResourceAsStream("/dev/sio4j/redis/fixtures/" + name)), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode j = JSON.readTree(line);
                byte[] payload = j.has("hex") ? HexFormat.of().parseHex(j.get("hex").asText()) : null;
                out.add(new Recorded(j.get("scenario").asText(), j.get("command").asText(), j.get("channel").asText(), payload));
            }
        }
        return out;
    }

    private static List<Recorded> published(List<Recorded> all, String scenario) {
        return all.stream().filter(r -> r.scenario().equals(scenario) && r.payload() != null).toList();
    }

    /** Ours equals theirs: byte for byte when no list has two elements, else as trees with sorted room lists. */
    private static void assertSameWire(byte[] ours, byte[] theirs) {
        JsonNode a = RedisWire.read(ours);
        JsonNode b = RedisWire.read(theirs);
        if (hasLongRoomList(b)) {
            assertThat(normalized(a)).isEqualTo(normalized(b));
        } else {
            assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(theirs));
        }
    }

    private static boolean hasLongRoomList(JsonNode n) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("rooms") || e.getKey().equals("except")) && e.getValue().size() > 1
                        || hasLongRoomList(e.getValue())) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                if (hasLongRoomList(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode normalized(JsonNode n) {
        JsonNode copy = n.deepCopy();
        sortRooms(copy);
        return copy;
    }

    private static void sortRooms(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("rooms") || e.getKey().equals("except")) && e.getValue() instanceof ArrayNode arr) {
                    TreeSet<String> sorted = new TreeSet<>();
                    arr.forEach(v -> sorted.add(v.asText()));
                    arr.removeAll();
                    sorted.forEach(arr::add);
                } else {
                    sortRooms(e.getValue());
                }
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(RecordedWireTest::sortRooms);
        }
    }

    private static String nspOf(String channel) {
        // socket.io#<nsp>#..., socket.io-request#<nsp>#, socket.io-response#<nsp>#...
        int first = channel.indexOf('#');
        return channel.substring(first + 1, channel.indexOf('#', first + 1));
    }

    // ---- classic ----

    @Test
    void classicMessagesDecodeAndEncodeBackToTheSameBytes() throws Exception {
        int checked = 0;
        for (Recorded r : load("classic.jsonl")) {
            if (r.payload() == null) {
                continue;
            }
            String nsp = nspOf(r.channel());
            JsonNode tree = r.tree();
            byte[] ours;
            if (r.channel().startsWith("socket.io#")) {
                Broadcast b = ClassicCodec.decodeBroadcast(tree, nsp);
                assertThat(b).as(r.scenario()).isNotNull();
                String room = ClassicCodec.channelRoom(b);
                assertThat(room == null ? "socket.io#" + nsp + "#" : "socket.io#" + nsp + "#" + room + "#")
                        .as("channel of " + r.scenario()).isEqualTo(r.channel());
                if (b.uid().equals(ClusterAdapter.EMITTER_UID)) {
                    checked++;
                    continue; // the emitter orders opts as {rooms, flags, except}: same meaning
                }
                ours = ClassicCodec.broadcast(b);
            } else if (r.channel().startsWith("socket.io-request#")) {
                int type = ClassicCodec.requestType(tree);
                if (type == ClassicCodec.ALL_ROOMS) {
                    ours = ClassicCodec.allRoomsRequest(tree.get("uid").asText(), tree.get("requestId").asText());
                } else {
                    ClusterMessage m = ClassicCodec.decodeRequest(tree, nsp);
                    assertThat(m).as(r.scenario()).isNotNull();
                    if (m.uid().equals(ClusterAdapter.EMITTER_UID) && !tree.has("uid")) {
                        checked++;
                        continue; // the emitter's requests have no uid; ours always do
                    }
                    ours = ClassicCodec.request(m);
                }
            } else {
                var rooms = ClassicCodec.rooms(tree);
                if (rooms != null) {
                    ours = ClassicCodec.allRoomsResponse(tree.get("requestId").asText(), rooms);
                } else {
                    ClusterMessage.Response m = ClassicCodec.decodeResponse(tree, nsp);
                    assertThat(m).as(r.scenario()).isNotNull();
                    ours = ClassicCodec.response(m);
                }
            }
            assertSameWire(ours, r.payload());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(25);
    }

    @Test
    void classicMessagesMeanWhatTheScenarioDid() throws Exception {
        List<Recorded> all = load("classic.jsonl");
        Broadcast plain = ClassicCodec.decodeBroadcast(published(all, "broadcast-all").get(0).tree(), "/");
        assertThat(plain.data().toString()).isEqualTo("[\"m\",{\"k\":\"all\",\"from\":\"A\"}]");
        assertThat(plain.opts().rooms()).isEmpty();
        assertThat(plain.uid()).hasSize(6);

        Broadcast flags = ClassicCodec.decodeBroadcast(published(all, "broadcast-volatile-compress").get(0).tree(), "/");
        assertThat(flags.opts().flags().volatile_()).isTrue();
        assertThat(flags.opts().flags().compress()).isFalse();

        Broadcast binary = ClassicCodec.decodeBroadcast(published(all, "broadcast-binary").get(0).tree(), "/");
        assertThat(binary.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(binary.data().get(2).toString()).isEqualTo("{\"n\":1.5}"); // undefined left out

        Recorded chat = published(all, "broadcast-chat").get(0);
        assertThat(ClassicCodec.decodeBroadcast(chat.tree(), "/")).as("another namespace's").isNull();
        assertThat(ClassicCodec.decodeBroadcast(chat.tree(), "/chat")).isNotNull();

        assertThat(published(all, "broadcast-local")).as("local publishes nothing").isEmpty();

        List<Recorded> ack = published(all, "broadcast-with-ack");
        Broadcast ask = (Broadcast) ClassicCodec.decodeRequest(ack.get(0).tree(), "/");
        assertThat(ask.requestId()).hasSize(6);
        assertThat(ask.opts().flags().timeout()).hasMillis(1500);
        assertThat(ClassicCodec.decodeResponse(ack.get(1).tree(), "/"))
                .isEqualTo(new ClusterMessage.BroadcastClientCount(ClassicCodec.NO_UID, "/", ask.requestId(), 1));
        assertThat(((BroadcastAck) ClassicCodec.decodeResponse(ack.get(2).tree(), "/")).answer().get("q").toString())
                .isEqualTo("{\"q\":42}");

        FetchSocketsResponse fetched = (FetchSocketsResponse) ClassicCodec.decodeResponse(
                published(all, "fetch-sockets").get(1).tree(), "/");
        assertThat(fetched.sockets()).hasSize(1);
        assertThat(fetched.sockets().get(0).data()).containsEntry("node", "B");
        assertThat(fetched.sockets().get(0).handshake().path("address").asText()).isNotEmpty();

        SocketsJoin join = (SocketsJoin) ClassicCodec.decodeRequest(published(all, "emitter-sockets-join").get(0).tree(), "/");
        assertThat(join.uid()).isEqualTo(ClusterAdapter.EMITTER_UID);
        assertThat(join.opts().rooms()).containsExactly("r1");
        assertThat(join.rooms()).containsExactly("r9");

        ServerSideEmit hello = (ServerSideEmit) ClassicCodec.decodeRequest(
                published(all, "emitter-server-side-emit").get(0).tree(), "/");
        assertThat(hello.data().toString()).isEqualTo("[\"hello\", \"from-emitter\", 2]");

        DisconnectSockets dc = (DisconnectSockets) ClassicCodec.decodeRequest(
                published(all, "emitter-disconnect-sockets").get(0).tree(), "/");
        assertThat(dc.close()).isFalse();

        Broadcast emitted = ClassicCodec.decodeBroadcast(published(all, "emitter-room-except").get(0).tree(), "/");
        assertThat(emitted.uid()).isEqualTo("emitter");
        assertThat(emitted.opts().rooms()).containsExactly("r1");
        assertThat(emitted.opts().except()).containsExactly("r2");
        assertThat(ClassicCodec.decodeBroadcast(published(all, "emitter-binary").get(0).tree(), "/").data().get(1).isBinary())
                .isTrue();
    }

    // ---- sharded ----

    @Test
    void shardedMessagesDecodeAndEncodeBackToTheSameBytesOnTheSameChannels() throws Exception {
        int checked = 0;
        for (Recorded r : load("sharded.jsonl")) {
            if (r.payload() == null) {
                continue;
            }
            ClusterMessage m = ClusterMessageJson.fromTree(r.tree());
            assertThat(m).as(r.scenario()).isNotNull();
            String main = "socket.io#" + m.nsp() + "#";
            if (m instanceof ClusterMessage.Response response) {
                assertThat(r.channel()).as("answers go to the requester").matches("socket\\.io#/#[0-9a-f]{16}#");
            } else {
                assertThat(ShardedRedisAdapter.channelOf(main, SubscriptionMode.DYNAMIC, m)).as(r.scenario())
                        .isEqualTo(r.channel());
            }
            assertSameWire(RedisWire.jsonUnlessBinary(ClusterMessageJson.toTree(m)), r.payload());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    @Test
    void shardedBinaryTravelsAsMessagePackAndPlainMessagesAsJson() throws Exception {
        List<Recorded> all = load("sharded.jsonl");
        assertThat(published(all, "broadcast-binary").get(0).payload()[0]).isEqualTo((byte) 0x84);
        assertThat(published(all, "broadcast-all").get(0).payload()[0]).isEqualTo((byte) '{');
        Broadcast b = (Broadcast) ClusterMessageJson.fromTree(published(all, "broadcast-binary").get(0).tree());
        assertThat(b.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        // the dynamic mode subscribes a room's channel when the room gets its first member
        assertThat(all).anyMatch(r -> r.command().equals("ssubscribe") && r.channel().equals("socket.io#/#r3#")
                && r.scenario().equals("sockets-join"));
        assertThat(all).anyMatch(r -> r.command().equals("sunsubscribe") && r.channel().equals("socket.io#/#r3#")
                && r.scenario().equals("sockets-leave"));
    }
}
