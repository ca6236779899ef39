// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.examples.chat.internal.MainNamespaceHandlers;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tutorial's behaviours (issue 3 item 2) checked with the official socket.io-client 4.8 in
 * Node against a chat on a free port, over each transport setting: src/test/js/seed.mjs runs
 * the clients and reports one JSON line per behaviour; this test asserts every behaviour is
 * reported and passed, and that the INFO log has the tutorial's lines and nothing per message.
 */
class ChatSeedBehavioursTest {

    /** Every check seed.mjs runs; a check that goes missing fails the test. */
    static final List<String> CHECKS = List.of(
            "connect",
            "message: text to every client of the namespace, sender included",
            "message: any JSON kept as is",
            "message: no argument arrives as null, as JSON has no undefined",
            "message: binary kept as is",
            "message: stays in its namespace",
            "privateMessage: only the recipient, with the sender's id",
            "joinRoom and roomMessage: only the members, with the sender's id",
            "/chat: message to the whole /chat namespace only",
            "users:subscribe acks the ids of the main namespace",
            "users:joined and users:left reach subscribers",
            "clients that never subscribe get no presence events",
            "bad input is ignored and the connection stays up");

    private ChatServer chat;
    private ListAppender<ILoggingEvent> logs;
    private Logger handlerLog;

    @BeforeEach
    void start() {
        handlerLog = (Logger) LoggerFactory.getLogger(MainNamespaceHandlers.class);
        logs = new ListAppender<>();
        logs.start();
        handlerLog.addAppender(logs);
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build());
    }

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
        handlerLog.detachAppender(logs);
    }

    @ParameterizedTest(name = "transports: {0}")
    @ValueSource(strings = {"both", "websocket", "polling"})
    void seedBehavioursWithTheOfficialClient(String transports) throws Exception {
        try (ChildProcess node = ChatScripts.node("seed.mjs", "http://127.0.0.1:" + chat.port(), transports)) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            List<JsonNode> checks = node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).extracting(j -> j.path("name").asText()).containsExactlyElementsOf(CHECKS);
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            assertThat(node.awaitExit(Duration.ofSeconds(15))).isZero();
        }
        // every client has gone: each connection was logged in and out, and nothing else at INFO
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> info = infoLines();
            long in = info.stream().filter(l -> l.startsWith("A user connected: ")).count();
            long out = info.stream().filter(l -> l.startsWith("User disconnected: ")).count();
            assertThat(in).isGreaterThanOrEqualTo(7).isEqualTo(out);
            assertThat(info).allMatch(l -> l.matches("(A user connected|User disconnected): [^ ]+"));
            assertThat(info.stream().map(l -> l.substring(l.indexOf(": ") + 2)).collect(Collectors.toSet()))
                    .hasSize((int) in);
        });
    }

    private List<String> infoLines() {
        synchronized (logs) { // AppenderBase appends under the appender's own lock
            return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
