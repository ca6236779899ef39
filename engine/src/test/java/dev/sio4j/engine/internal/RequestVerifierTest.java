// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.Transport;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** engine.io's request checks, in its order, without a network. */
class RequestVerifierTest {

    private final RequestVerifier v = new RequestVerifier(EngineOptions.builder().transports(Transport.POLLING).build(), sid -> null);

    private RequestVerifier.Result check(HttpMethod m, Map<String, List<String>> q, String origin, boolean upgrade) {
        return v.verify(m, q, origin, upgrade);
    }

    @Test
    void disabledTransportIsUnknown() {
        assertThat(check(HttpMethod.GET, Map.of("EIO", List.of("4"), "transport", List.of("websocket")), null, true).error())
                .isEqualTo(EngineError.UNKNOWN_TRANSPORT);
    }

    @Test
    void transportIsCheckedBeforeTheSid() {
        assertThat(check(HttpMethod.GET, Map.of("sid", List.of("x")), null, false).error()).isEqualTo(EngineError.UNKNOWN_TRANSPORT);
        assertThat(check(HttpMethod.GET, Map.of("transport", List.of("polling"), "sid", List.of("x")), null, false).error())
                .isEqualTo(EngineError.UNKNOWN_SID);
    }

    @Test
    void originWithControlCharactersIsABadRequest() {
        assertThat(check(HttpMethod.GET, Map.of("EIO", List.of("4"), "transport", List.of("polling")), "a\nb", false).error())
                .isEqualTo(EngineError.BAD_REQUEST);
        assertThat(RequestVerifier.hasInvalidHeaderChar("https://ok.example:8080")).isFalse();
    }

    @Test
    void goodHandshake() {
        RequestVerifier.Result r = check(HttpMethod.GET, Map.of("EIO", List.of("4"), "transport", List.of("polling")), null, false);
        assertThat(r.ok()).isTrue();
        assertThat(r.handshake()).isTrue();
        assertThat(r.transport()).isEqualTo(Transport.POLLING);
    }

    @Test
    void errorBodiesAreEngineIoJson() {
        assertThat(EngineError.FORBIDDEN.httpStatus()).isEqualTo(403);
        assertThat(EngineError.BAD_REQUEST.json("say \"hi\"\n", "00ab")).isEqualTo("{\"code\":3,\"message\":\"say \\\"hi\\\"\\n\",\"id\":\"00ab\"}");
        assertThat(EngineError.UNKNOWN_SID.json("", null)).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }
}
