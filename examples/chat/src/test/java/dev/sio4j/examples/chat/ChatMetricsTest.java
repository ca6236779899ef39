// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The chat's {@code /metrics} (issue 12, item 2): Prometheus text with the server's meters and
 * the JVM's, on by default for this machine only, widened by {@code --metrics-allow}, off with
 * {@code --no-metrics}; other methods and other peers are refused.
 */
class ChatMetricsTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    private void start(ChatMetrics metrics) {
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build(), ChatAdmin.off(), metrics, ChatProbes.defaults());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void byDefaultThisMachineReadsTheServersAndTheJvmsMetricsInPrometheusFormat() throws Exception {
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build());
        dev.sio4j.client.Socket client = IO.socket(URI.create(chat.url() + "chat"),
                ClientOptions.builder().reconnection(false).build());
        try {
            client.connect();
            await().atMost(Duration.ofSeconds(10)).until(client::connected);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> scrape = send("GET", "/metrics?name[]=ignored");
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(scrape.body())
                        .contains("# TYPE socketio_engine_sessions gauge", "socketio_engine_sessions 1.0")
                        .contains("socketio_sockets{namespace=\"/chat\"} 1.0")
                        .contains("socketio_sockets_connected_total{namespace=\"/chat\"} 1.0")
                        .containsPattern("socketio_engine_bytes_received_bytes_total\\{transport=\"(polling|websocket)\",type=\"message\"}")
                        .contains("jvm_memory_used_bytes");
            });
        } finally {
            client.io().shutdown().get(10, TimeUnit.SECONDS);
        }
        assertThat(send("HEAD", "/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/").statusCode()).as("the page is still served").isEqualTo(200);
        assertThat(chat.metricsRegistry()).isNotNull();
    }

    @Test
    void aPeerOutsideTheAllowedBlocksIsRefused() throws Exception {
        start(ChatMetrics.allowing(List.of("10.0.0.0/8")));
        HttpResponse<String> refused = send("GET", "/metrics");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("socketio");
    }

    @Test
    void offMeansNoEndpointAndNoMeters() throws Exception {
        start(ChatMetrics.off());
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(404);
        assertThat(chat.metricsRegistry()).isNull();
    }

    @Test
    void theFlagsTurnItOffOrWidenItAndRefuseNonsense() {
        assertThat(flags().toChatMetrics()).isSameAs(ChatMetrics.loopbackOnly());
        assertThat(flags("--no-metrics").toChatMetrics().enabled()).isFalse();
        assertThat(flags("--metrics-allow", "10.0.0.0/8,192.168.1.7").toChatMetrics().allowed())
                .containsExactly("10.0.0.0/8", "192.168.1.7");
        assertThatThrownBy(() -> flags("--metrics-allow", "10.0.0.0/99").toChatMetrics())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/99");
        assertThatThrownBy(() -> flags("--metrics-allow", "scraper.internal").toChatMetrics())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flags("--no-metrics", "--metrics-allow", "10.0.0.0/8").toChatMetrics())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadBlockOnTheCommandLineIsAUsageErrorNotAStart() {
        CommandLine cli = ChatMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("--port", "0", "--metrics-allow", "not-an-address")).isEqualTo(2);
        assertThat(err.toString()).contains("not-an-address");
    }

    private static MetricsFlags flags(String... args) {
        MetricsFlags flags = new MetricsFlags();
        new CommandLine(flags).parseArgs(args);
        return flags;
    }
}
