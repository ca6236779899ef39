// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.CookieOptions;
import dev.sio4j.testsupport.NginxServer;
import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import dev.sio4j.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment docs/SECURITY.md describes, for real (issue 9, item 4): a TLS-terminating nginx
 * in front of a plain sio4j server that trusts it. The client address, TLS and origin the server
 * sees are the ones nginx forwards: the page's https origin passes the Origin check, the session
 * cookie is Secure, the handshake's address is the forwarded one, and the per-address limit
 * counts it.
 */
class BehindTlsProxyTest extends ServerTestBase {

    @Test
    void aTlsTerminatingProxyForwardsTheClientItsTlsAndItsOrigin(@TempDir Path dir) throws Exception {
        TestCertificates cert = TestCertificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        cert.writePem(chain, key);
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        start(b -> b.trustedProxies("127.0.0.1")
                .connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(2).build())
                .configureEngine(e -> e.cookie(CookieOptions.defaults())));
        io.on("connection", connected::complete);
        listen();
        try (NginxServer nginx = NginxServer.start("""
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate %s;
                    ssl_certificate_key %s;
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }
                }
                """.formatted(chain, key, address.getPort()))) {
            String page = "https://127.0.0.1:" + nginx.port();
            RawClient https = RawClient.over(HttpClient.newBuilder().sslContext(cert.trustingClientContext()).build());
            String handshake = page + "/socket.io/?EIO=4&transport=polling";
            // The client says it is 203.0.113.9 (as if behind another proxy); nginx appends 127.0.0.1.
            HttpResponse<String> open = https.send(https.request(handshake).header("Origin", page)
                    .header("X-Forwarded-For", "203.0.113.9").timeout(Duration.ofSeconds(10)));
            assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
            assertThat(open.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));

            // Over a WebSocket through the proxy, from the same page.
            RawWebSocket ws = https.webSocket("wss://127.0.0.1:" + nginx.port() + "/socket.io/?EIO=4&transport=websocket")
                    .header("Origin", page).header("X-Forwarded-For", "203.0.113.9").open();
            assertThat(ws.nextFrame(Duration.ofSeconds(10)).text()).startsWith("0{");
            ws.send("40");
            Socket socket = connected.get(10, TimeUnit.SECONDS);
            assertThat(socket.handshake().address()).isEqualTo("203.0.113.9");
            assertThat(socket.handshake().secure()).isTrue();

            HttpResponse<String> third = https.send(https.request(handshake).header("Origin", page)
                    .header("X-Forwarded-For", "203.0.113.9").timeout(Duration.ofSeconds(10)));
            assertThat(third.statusCode()).as("a third session of 203.0.113.9").isEqualTo(429);
            HttpResponse<String> other = https.send(https.request(handshake).header("Origin", page)
                    .timeout(Duration.ofSeconds(10)));
            assertThat(other.statusCode()).as("the proxy's own loopback client is exempt").isEqualTo(200);

            // Straight to the server, the https page is another origin.
            RawClient plain = RawClient.shared();
            HttpResponse<String> direct = plain.send(plain.request(
                    "http://127.0.0.1:" + address.getPort() + "/socket.io/?EIO=4&transport=polling").header("Origin", page)
                    .timeout(Duration.ofSeconds(10)));
            assertThat(direct.statusCode()).isEqualTo(403);
            ws.abort();
        }
    }
}
