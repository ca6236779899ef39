// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastClientCount;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessageJson.ClusterMessageFormatException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ClusterAdapter message format. The JSON strings are messages of the official sharded Redis
 * adapter (8.3.0, socket.io-adapter 2.5.9) as `redis-cli monitor` showed them, from
 * REDIS-ADAPTER-WIRE.md: decoding them and encoding the result must give the same bytes.
 */
class ClusterMessageJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"m\",{\"k\":\"all\",\"from\":\"A\"}]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ask\",{\"q\":42}]},\"requestId\":\"ce974f9d17409e00\",\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":1500}}},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":11,\"data\":{\"requestId\":\"ce974f9d17409e00\",\"clientCount\":1},\"uid\":\"a6c38fdae9f3e2af\",\"nsp\":\"/\"}",
            "{\"type\":12,\"data\":{\"requestId\":\"ce974f9d17409e00\",\"packet\":{\"from\":\"c1\",\"q\":{\"q\":42}}},\"uid\":\"a6c38fdae9f3e2af\",\"nsp\":\"/\"}",
            "{\"type\":7,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},\"requestId\":\"af0fc80c8a959ce0\"},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":4,\"data\":{\"opts\":{\"rooms\":[\"yDzHE_Fe49nhNmxJAAAA\"],\"except\":[],\"flags\":{}},\"rooms\":[\"r3\"]},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":6,\"data\":{\"opts\":{\"rooms\":[\"yDzHE_Fe49nhNmxJAAAA\"],\"except\":[],\"flags\":{}},\"close\":true},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":9,\"data\":{\"requestId\":\"fe7a9be514d4fe97\",\"packet\":[\"ping2\",\"q\"]},\"uid\":\"48b5dacd6a1f5140\",\"nsp\":\"/\"}",
            "{\"type\":10,\"data\":{\"requestId\":\"fe7a9be514d4fe97\",\"packet\":{\"pong\":\"C\",\"arg\":\"q\"}},\"uid\":\"a6c38fdae9f3e2af\",\"nsp\":\"/\"}",
            "{\"type\":8,\"data\":{\"requestId\":\"af0fc80c8a959ce0\",\"sockets\":[{\"id\":\"52uJRdIGm-TFDVQLAAAA\",\"handshake\":{\"address\":\"127.0.0.1\",\"xdomain\":false},\"rooms\":[\"52uJRdIGm-TFDVQLAAAA\",\"r1\"],\"data\":{\"node\":\"B\"}}]},\"uid\":\"1be69c17ca34266b\",\"nsp\":\"/\"}",
            "{\"type\":2,\"uid\":\"1be69c17ca34266b\",\"nsp\":\"/chat\"}",
    })
    void officialMessagesDecodeAndEncodeBackToTheSameBytes(String recorded) throws Exception {
        ClusterMessage m = ClusterMessageJson.fromTree(JSON.readTree(recorded));
        assertThat(JSON.writeValueAsString(ClusterMessageJson.toTree(m))).isEqualTo(recorded);
    }

    @Test
    void theDecodedValuesAreThoseTheNodeMeant() throws Exception {
        Broadcast b = (Broadcast) decode("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ask\",{\"q\":42}]},\"requestId\":\"r1\","
                + "\"opts\":{\"rooms\":[\"a\",7],\"except\":[\"b\"],\"flags\":{\"volatile\":true,\"compress\":false,\"timeout\":1500,\"local\":true}}},\"uid\":\"u\",\"nsp\":\"/\"}");
        assertThat(b.data().get(0).asText()).isEqualTo("ask");
        assertThat(b.requestId()).isEqualTo("r1");
        assertThat(b.opts().rooms()).containsExactlyInAnyOrder("a", "7");
        assertThat(b.opts().except()).containsExactly("b");
        assertThat(b.opts().flags().volatile_()).isTrue();
        assertThat(b.opts().flags().compress()).isFalse();
        assertThat(b.opts().flags().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.opts().flags().local()).as("local is never taken from a peer").isFalse();

        FetchSocketsResponse r = (FetchSocketsResponse) decode("{\"type\":8,\"data\":{\"requestId\":\"x\",\"sockets\":[{\"id\":\"s1\","
                + "\"handshake\":{\"address\":\"1.2.3.4\"},\"rooms\":[\"s1\",\"r\"],\"data\":{\"n\":[1,true]}}]},\"uid\":\"u\",\"nsp\":\"/\"}");
        RemoteSocketDetails s = r.sockets().get(0);
        assertThat(s.id()).isEqualTo("s1");
        assertThat(s.rooms()).containsExactlyInAnyOrder("s1", "r");
        assertThat(s.handshakeJson().path("address").asText()).isEqualTo("1.2.3.4");
        assertThat(s.data()).containsEntry("n", List.of(1, true));

        assertThat(((ServerSideEmitResponse) decode("{\"type\":10,\"data\":{\"requestId\":\"x\"},\"uid\":\"u\",\"nsp\":\"/\"}"))
                .answer().isNull()).as("an ack without argument").isTrue();
        assertThat(((ServerSideEmit) decode("{\"type\":9,\"data\":{\"packet\":[\"hello\",1]},\"uid\":\"u\",\"nsp\":\"/\"}"))
                .requestId()).isNull();
        assertThat(((DisconnectSockets) decode("{\"type\":6,\"data\":{\"opts\":{\"rooms\":[]}},\"uid\":\"u\",\"nsp\":\"/\"}")).close()).isFalse();
        assertThat(((BroadcastClientCount) decode("{\"type\":11,\"data\":{\"requestId\":\"x\",\"clientCount\":0},\"uid\":\"u\",\"nsp\":\"/\"}")).clientCount()).isZero();
        assertThat(((BroadcastAck) decode("{\"type\":12,\"data\":{\"requestId\":\"x\",\"packet\":\"ok\"},\"uid\":\"u\",\"nsp\":\"/\"}")).answer().asText()).isEqualTo("ok");
    }

    @Test
    void aTypeFromANewerPeerIsIgnoredNotAnError() throws Exception {
        assertThat(decode("{\"type\":99,\"data\":{},\"uid\":\"u\",\"nsp\":\"/\"}")).isNull();
        assertThat(decode("{\"type\":0}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1,2]", "{}", "{\"type\":\"3\",\"uid\":\"u\",\"nsp\":\"/\"}", "{\"type\":3.5,\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":2,\"nsp\":\"/\"}", "{\"type\":2,\"uid\":7,\"nsp\":\"/\"}",
            "{\"type\":3,\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[]},\"opts\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[1]},\"opts\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"opts\":{\"rooms\":\"r\"}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"opts\":{\"rooms\":[{}]}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"requestId\":5,\"opts\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":7,\"data\":{\"opts\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":8,\"data\":{\"requestId\":\"x\",\"sockets\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":8,\"data\":{\"requestId\":\"x\",\"sockets\":[{\"rooms\":[]}]},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":9,\"data\":{\"packet\":{}},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":11,\"data\":{\"requestId\":\"x\",\"clientCount\":-1},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":11,\"data\":{\"requestId\":\"x\",\"clientCount\":\"1\"},\"uid\":\"u\",\"nsp\":\"/\"}",
            "{\"type\":12,\"data\":{\"packet\":1},\"uid\":\"u\",\"nsp\":\"/\"}",
    })
    void aWrongShapeIsATypedError(String bad) {
        assertThatThrownBy(() -> decode(bad)).isInstanceOf(ClusterMessageFormatException.class);
    }

    @Test
    void flagsCarryOnlyWhatIsSetAndBinaryIsDetected() throws Exception {
        BroadcastOptions opts = new BroadcastOptions(Set.of("r"), Set.of(),
                dev.sio4j.adapter.BroadcastFlags.DEFAULT.withLocal(true));
        assertThat(ClusterMessageJson.options(opts).toString()).isEqualTo("{\"rooms\":[\"r\"],\"except\":[],\"flags\":{}}");
        JsonNode withBinary = ClusterMessageJson.toTree(new SocketsJoin("u", "/", BroadcastOptions.ALL, Set.of("x")));
        assertThat(ClusterMessageJson.containsBinary(withBinary)).isFalse();
        com.fasterxml.jackson.databind.node.ArrayNode data = JSON.createArrayNode().add("file").add(new byte[] {1});
        assertThat(ClusterMessageJson.containsBinary(ClusterMessageJson.toTree(
                new Broadcast("u", "/", data, BroadcastOptions.ALL, null)))).isTrue();
        assertThat(ClusterMessageJson.toTree(new FetchSockets("u", "/", BroadcastOptions.ALL, "q")).path("data").path("requestId").asText())
                .isEqualTo("q");
    }

    private static ClusterMessage decode(String json) throws Exception {
        return ClusterMessageJson.fromTree(JSON.readTree(json));
    }
}
