// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sio4j.attach-to-web-server=true} in a WebFlux application: Socket.IO (polling kept on
 * one connection, the WebSocket upgrade, the official client) and a WebFlux route share Reactor
 * Netty's port.
 */
@SpringBootTest(classes = {TestApp.class, WebServerPortTest.Routes.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sio4j.attach-to-web-server=true", "server.address=127.0.0.1"})
class WebServerPortTest {

    /** A WebFlux endpoint beside Socket.IO. */
    @Configuration
    static class Routes {
        @Bean
        RouterFunction<ServerResponse> hello() {
            return RouterFunctions.route().GET("/hello", request -> ServerResponse.ok().bodyValue("hi from WebFlux")).build();
        }
    }

    @Value("${local.server.port}")
    int webPort;

    @Value("${local.sio4j.port}")
    int sio4jPort;

    private final Clients clients = new Clients();

    @AfterEach
    void close() throws Exception {
        clients.close();
    }

    private String hello(RawClient http) throws Exception {
        HttpResponse<String> r = http.get("http://127.0.0.1:" + webPort + "/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void socketIoAndWebFluxShareThePort() throws Exception {
        assertThat(sio4jPort).isEqualTo(webPort);
        RawClient http = RawClient.over(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
        assertThat(hello(http)).isEqualTo("hi from WebFlux");
        for (List<ClientOptions.Transport> transports : List.of(List.of(ClientOptions.Transport.POLLING),
                List.of(ClientOptions.Transport.POLLING, ClientOptions.Transport.WEBSOCKET), List.of(ClientOptions.Transport.WEBSOCKET))) {
            Socket s = clients.client(webPort, "/", b -> b.transports(transports.toArray(ClientOptions.Transport[]::new)));
            Clients.connect(s).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                JsonNode echo = s.timeout(Duration.ofSeconds(5)).emitWithAck("echo", transports + " " + i).get(10, TimeUnit.SECONDS);
                assertThat(echo.asText()).isEqualTo(transports + " " + i);
            }
        }
        // WebFlux still answers, on a kept-alive connection too.
        assertThat(hello(http)).isEqualTo("hi from WebFlux");
        assertThat(hello(http)).isEqualTo("hi from WebFlux");
    }

    @Test
    void webFluxAndSocketIoRequestsTakeTurnsOnOneKeptAliveConnection() throws Exception {
        try (RawConnection tcp = RawConnection.open(new InetSocketAddress("127.0.0.1", webPort))) {
            for (String path : List.of("/hello", "/socket.io/?EIO=4&transport=polling", "/hello", "/nowhere",
                    "/socket.io/?EIO=4&transport=polling&sid=unknown", "/hello")) {
                tcp.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                RawConnection.Response response = tcp.readReply();
                switch (path) {
                    case "/hello" -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.body()).isEqualTo("hi from WebFlux");
                    }
                    case "/nowhere" -> assertThat(response.statusCode()).isEqualTo(404);
                    case "/socket.io/?EIO=4&transport=polling" -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.body()).startsWith("0{\"sid\":");
                    }
                    default -> assertThat(response.statusCode()).as("an unknown sid, answered by sio4j").isEqualTo(400);
                }
            }
        }
    }

    @Test
    void theOfficialClientOnTheWebServersPort() throws Exception {
        List<JsonNode> out = OfficialClientTest.runNode("official-client.mjs", "http://127.0.0.1:" + webPort + "/");
        assertThat(out.stream().map(j -> j.path("type").asText())).contains("connected", "echo", "order", "badOrder", "said", "done");
    }
}
