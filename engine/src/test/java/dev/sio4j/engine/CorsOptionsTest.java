// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * CorsOptions are checked when built (issue 9, found-as-a-new-user item 4): credentials are never
 * granted to every origin, which would let any site act as the user (DESIGN: "Origin is never
 * reflected together with credentials").
 */
class CorsOptionsTest {

    private static final RawClient HTTP = RawClient.shared();

    @Test
    void anyOriginWithCredentialsIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> CorsOptions.builder().anyOrigin(true).credentials(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anyOrigin").hasMessageContaining("credentials")
                .hasMessageContaining("allowedOrigins");
        assertThatThrownBy(() -> CorsOptions.builder().credentials(true).allowedOrigins("https://a.example", "*").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsGoWithListedOriginsAndAnyOriginWithout() {
        CorsOptions listed = CorsOptions.builder().allowedOrigins("https://a.example").credentials(true).build();
        assertThat(listed.credentials()).isTrue();
        CorsOptions any = CorsOptions.builder().anyOrigin(true).build();
        assertThat(any.isAnyOrigin()).isTrue();
        assertThat(any.credentials()).isFalse();
    }

    @Test
    void anyOriginAnswersStarWithoutCredentials() throws Exception {
        try (EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .cors(CorsOptions.anyOrigin()))) {
            HttpResponse<String> r = HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                    .header("Origin", "https://evil.example"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(r.headers().firstValue("access-control-allow-credentials")).isEmpty();
        }
    }
}
