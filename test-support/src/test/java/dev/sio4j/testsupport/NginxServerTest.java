// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NginxServerTest {

    @Test
    void proxiesToAServerOfTheTestAndPassesTheClientAddress() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = ("hello " + exchange.getRequestHeaders().getFirst("X-Forwarded-For")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        try (NginxServer nginx = NginxServer.start("""
                upstream backend { server 127.0.0.1:%d; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://backend;
                        proxy_set_header X-Forwarded-For $remote_addr;
                    }
                }
                """.formatted(backend.getAddress().getPort()))) {
            RawClient http = RawClient.shared();
            HttpResponse<String> r = http.send(http.request("http://127.0.0.1:" + nginx.port() + "/x").timeout(Duration.ofSeconds(10)));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello 127.0.0.1");
        } finally {
            backend.stop(0);
        }
    }
}
