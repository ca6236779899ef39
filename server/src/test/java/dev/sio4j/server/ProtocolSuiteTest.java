package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviours of the official socket.io-protocol v5 test suite, against a server set up like
 * the conformance app's "protocol" profile, with exact wire frames.
 */
class ProtocolSuiteTest extends ServerTestBase {

    @BeforeEach
    void setUp() {
        start(b -> b.connectTimeout(Duration.ofMillis(1000)).pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)));
        for (String ns : List.of("/", "/custom")) {
            io.of(ns).on("connection", s -> {
                s.emit("auth", s.handshake().auth());
                s.on("message", (List<JsonNode> args, Ack ack) -> s.emit("message-back", args.toArray()));
                s.on("message-with-ack", (List<JsonNode> args, Ack ack) -> ack.send(args.toArray()));
            });
        }
        listen();
    }

    private static String frameAfterConnect(TestClient c, int index) {
        await().until(() -> c.textFrames().size() > index);
        return c.textFrames().get(index);
    }

    @Test
    void connectsToTheMainNamespace() {
        TestClient c = client();
        c.send("0");
        assertThat(frameAfterConnect(c, 0)).matches("40\\{\"sid\":\"[^\"]+\"}");
        assertThat(frameAfterConnect(c, 1)).isEqualTo("42[\"auth\",{}]");
    }

    @Test
    void connectsToTheMainNamespaceWithAPayload() {
        TestClient c = client();
        c.send("0{\"token\":\"123\"}");
        assertThat(frameAfterConnect(c, 1)).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
    }

    @Test
    void connectsToACustomNamespaceWithAndWithoutPayload() {
        TestClient c = client();
        c.send("0/custom,");
        assertThat(frameAfterConnect(c, 0)).matches("40/custom,\\{\"sid\":\"[^\"]+\"}");
        assertThat(frameAfterConnect(c, 1)).isEqualTo("42/custom,[\"auth\",{}]");
        TestClient d = client();
        d.send("0/custom,{\"token\":\"abc\"}");
        assertThat(frameAfterConnect(d, 1)).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
    }

    @Test
    void refusesUnknownNamespacesAndInvalidHandshakes() {
        TestClient c = client();
        c.send("0/random");
        assertThat(frameAfterConnect(c, 0)).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        TestClient d = client();
        d.send("abc");
        assertThat(d.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void closesWithoutHandshake() {
        TestClient c = client();
        assertThat(c.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void disconnectsFromNamespacesAndKeepsOthers() {
        TestClient c = client();
        c.send("0").send("0/custom,");
        await().until(() -> c.textFrames().size() >= 4);
        c.send("1/custom,");
        c.send("2[\"message\",\"still\"]");
        await().until(() -> c.textFrames().contains("42[\"message-back\",\"still\"]"));
        c.send("1");
        assertThat(c.closed).isNotDone();
    }

    @Test
    void plainTextAndBinaryMessagesAndAcks() {
        TestClient c = client();
        c.send("0");
        await().until(() -> c.textFrames().size() >= 2);
        c.send("2[\"message\",1,\"2\",{\"3\":[true]}]");
        await().until(() -> c.textFrames().contains("42[\"message-back\",1,\"2\",{\"3\":[true]}]"));
        c.send("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        await().until(() -> c.textFrames().contains("43456[1,\"2\",{\"3\":[false]}]"));
        c.send("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        c.sendBinary(new byte[] {1, 2, 3}).sendBinary(new byte[] {4, 5, 6});
        await().until(() -> c.textFrames().contains(
                "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
        c.send("52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        c.sendBinary(new byte[] {1, 2, 3}).sendBinary(new byte[] {4, 5, 6});
        await().until(() -> c.textFrames().contains(
                "462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    }

    @Test
    void closesOnInvalidPayloadAndAckId() {
        for (String bad : List.of("4abc", "2{\"a\":1}", "2abc[\"message-with-ack\",1]")) {
            TestClient c = client();
            c.send("0");
            await().until(() -> c.textFrames().size() >= 2);
            c.sendEngine("4" + bad.substring(1).replaceFirst("^", bad.substring(0, 1)));
            assertThat(c.awaitClosed(Duration.ofSeconds(3))).as(bad).isTrue();
        }
    }

    @Test
    void worksOverLongPolling() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + address.getPort() + "/socket.io/?EIO=4&transport=polling";
        String open = http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(open).startsWith("0{");
        String sid = TestClient.JSON.readTree(open.substring(1)).get("sid").asText();
        String url = base + "&sid=" + sid;
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString("40{\"token\":\"p\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        StringBuilder received = new StringBuilder();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            received.append(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).append('\u001e');
            return received.toString().contains("42[\"auth\",{\"token\":\"p\"}]");
        });
        assertThat(received.toString()).containsPattern("40\\{\"sid\":\"[^\"]+\"}");
    }
}
