// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.auth.internal.TokenReader;
import dev.sio4j.auth.internal.TokenRejectedException;
import dev.sio4j.server.Handshake;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a token is read from, in which order, and what each input path refuses. */
class TokenReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Handshake handshake(String auth, Map<String, List<String>> headers, Map<String, List<String>> query)
            throws Exception {
        return new Handshake(headers, query, JSON.readTree(auth), "127.0.0.1", "", 0, false, false, "/socket.io/");
    }

    private static JwtRefusal refusal(TokenReader reader, Handshake h) {
        try {
            reader.read(h);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("read a token");
    }

    @Test
    void theAuthPayloadComesFirstThenTheHeaderThenTheQueryWhenAllowed() throws Exception {
        TokenReader reader = new TokenReader("token");
        Map<String, List<String>> header = Map.of("authorization", List.of("Bearer from-header"));
        Map<String, List<String>> query = Map.of("token", List.of("from-query"));
        assertThat(reader.read(handshake("{\"token\":\"from-auth\"}", header, query))).isEqualTo("from-auth");
        assertThat(reader.read(handshake("{}", header, query))).isEqualTo("from-header");
        assertThat(reader.read(handshake("{\"token\":null}", Map.of(), query))).isEqualTo("from-query");
        assertThat(reader.read(handshake("{\"token\":\"\"}", Map.of("authorization", List.of("bearer  x ")), Map.of())))
                .as("the scheme in any case, spaces around").isEqualTo("x");
        assertThat(refusal(new TokenReader(null), handshake("{}", Map.of(), query))).isEqualTo(JwtRefusal.MISSING_TOKEN);
    }

    @Test
    void eachPathRefusesWhatCannotBeAToken() throws Exception {
        TokenReader reader = new TokenReader("token");
        for (String auth : List.of("{\"token\":42}", "{\"token\":{}}", "{\"token\":[\"a\"]}", "{\"token\":true}")) {
            assertThat(refusal(reader, handshake(auth, Map.of(), Map.of()))).as(auth).isEqualTo(JwtRefusal.INVALID_TOKEN);
        }
        assertThat(refusal(reader, handshake("{}", Map.of("authorization", List.of("Bearer a", "Bearer b")), Map.of())))
                .isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(reader, handshake("{}", Map.of(), Map.of("token", List.of("a", "b")))))
                .isEqualTo(JwtRefusal.INVALID_TOKEN);
        for (String other : List.of("Basic YTpi", "Bearer", "Bearer ", "Bearera.b.c", "Token abc")) {
            assertThat(refusal(reader, handshake("{}", Map.of("authorization", List.of(other)), Map.of())))
                    .as(other).isEqualTo(JwtRefusal.MISSING_TOKEN);
        }
        assertThatThrownBy(() -> reader.read(handshake("{}", Map.of(), Map.of("token", List.of(""))))).isInstanceOf(TokenRejectedException.class);
    }
}
