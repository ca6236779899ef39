// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.interop.node.NodeScripts;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** 200 official clients connected at once: all connect, all get a broadcast, all get their acks. */
class OfficialClientCrowdTest {

    private static final int CLIENTS = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final SharedInteropServer shared = new SharedInteropServer();

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void twoHundredConcurrentClients(TransportMode mode) {
        var options = OfficialClient.JSON.createObjectNode();
        mode.applyTo(options);
        String url = "http://127.0.0.1:" + shared.server().address().getPort();
        try (ChildProcess crowd = NodeScripts.node(NodeScripts.script("official-client/crowd.mjs"))
                .args(url, String.valueOf(CLIENTS), options.toString())
                .maxLifetime(Duration.ofSeconds(150))
                .start()) {
            crowd.awaitType("allConnected", WAIT);
            assertThat(shared.server().io().of("/").sockets()).hasSizeGreaterThanOrEqualTo(CLIENTS);
            shared.server().io().emit("hello", "everyone");
            JsonNode received = crowd.awaitJson(j -> j.path("type").asText().equals("allReceived")
                    && j.path("event").asText().equals("hello"), WAIT);
            assertThat(received.path("sample").toString()).isEqualTo("[\"everyone\"]");
            crowd.writeLine("{\"cmd\":\"emitEach\",\"event\":\"echo\"}");
            assertThat(crowd.awaitType("allAcked", WAIT).path("mismatched").asInt()).isZero();
            assertThat(crowd.jsonLines()).noneMatch(j -> j.path("type").asText().equals("connect_error")
                    || j.path("type").asText().equals("disconnect"));
            crowd.writeLine("{\"cmd\":\"exit\"}");
            assertThat(crowd.awaitExit(WAIT)).isZero();
        }
    }
}
