// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Common header names and query tokens are kept as one shared instance; anything else as it came. */
class SharedNamesTest {

    @Test
    void commonNamesAreSharedOthersKeptAsTheyCame() {
        assertThat(SharedNames.share(new String("Sec-WebSocket-Key"))).isSameAs(SharedNames.share(new String("Sec-WebSocket-Key")));
        assertThat(SharedNames.share(new String("host"))).isSameAs(SharedNames.share(new String("host")));
        String odd = new String("X-Made-Up");
        assertThat(SharedNames.share(odd)).isSameAs(odd);
    }

    @Test
    void theRequestSnapshotReadsTheSameWithSharedNames() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/socket.io/?EIO=4&transport=websocket&x=1&x=2");
        req.headers().add("Host", "example.test").add("X-Made-Up", "a").add("x-made-up", "b");
        DefaultEngineRequest r = DefaultEngineRequest.of(req, new InetSocketAddress("127.0.0.1", 1234), false,
                dev.sio4j.engine.TrustedProxies.none());
        assertThat(r.header("HOST")).isEqualTo("example.test");
        assertThat(r.headers().get("x-made-up")).containsExactly("a", "b");
        assertThat(r.query()).containsEntry("EIO", List.of("4")).containsEntry("transport", List.of("websocket"))
                .containsEntry("x", List.of("1", "2"));
        assertThat(r.queryParam("EIO")).isSameAs(r.query().get("EIO").get(0));
        assertThat(r.path()).isEqualTo("/socket.io/");
    }
}
