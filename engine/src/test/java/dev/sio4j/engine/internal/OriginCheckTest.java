// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Origin may use the endpoint: decisions of the check alone (no server). */
class OriginCheckTest {

    private final OriginCheck defaults = new OriginCheck(EngineOptions.defaults());

    @Test
    void nonBrowserClientsWithoutOriginPassUnlessRequired() {
        assertThat(defaults.refusal(null, false, "localhost:3000")).isNull();
        OriginCheck required = new OriginCheck(EngineOptions.builder().requireOrigin(true).build());
        assertThat(required.refusal(null, false, "localhost:3000")).isEqualTo(OriginCheck.REQUIRED);
    }

    @Test
    void theServersOwnOriginPasses() {
        assertThat(defaults.refusal("http://localhost:3000", false, "localhost:3000")).isNull();
        assertThat(defaults.refusal("http://LOCALHOST:3000", false, "localhost:3000")).isNull();
        assertThat(defaults.refusal("http://example.com", false, "example.com:80")).isNull();
        assertThat(defaults.refusal("https://example.com", true, "example.com")).isNull();
        assertThat(defaults.refusal("http://[::1]:3000", false, "[::1]:3000")).isNull();
    }

    @Test
    void anotherSiteIsRefused() {
        assertThat(defaults.refusal("http://evil.example", false, "localhost:3000")).isEqualTo(OriginCheck.NOT_ALLOWED);
        assertThat(defaults.refusal("http://localhost:3001", false, "localhost:3000")).isEqualTo(OriginCheck.NOT_ALLOWED);
        assertThat(defaults.refusal("https://localhost:3000", false, "localhost:3000")).as("scheme").isNotNull();
        assertThat(defaults.refusal("http://localhost:3000", true, "localhost:3000")).as("scheme").isNotNull();
        assertThat(defaults.refusal("http://localhost:3000", false, null)).as("no Host").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "localhost:3000", "http://", "http://localhost:3000/path", "http://u:p@localhost:3000",
        "javascript:alert(1)", "file:///etc/passwd", "http://localhost:3000?x", "http://[::1", "ws://localhost:3000"})
    void malformedOrOddOriginsAreRefused(String origin) {
        assertThat(defaults.refusal(origin, false, "localhost:3000")).isEqualTo(OriginCheck.NOT_ALLOWED);
    }

    @Test
    void corsWidensTheCheckToItsAllowList() {
        OriginCheck listed = new OriginCheck(EngineOptions.builder()
                .cors(CorsOptions.allowOrigins("http://localhost:8080", "https://app.example.com")).build());
        assertThat(listed.refusal("http://localhost:8080", false, "localhost:3000")).isNull();
        assertThat(listed.refusal("https://app.example.com", false, "localhost:3000")).isNull();
        assertThat(listed.refusal("http://localhost:3000", false, "localhost:3000")).as("own origin").isNull();
        assertThat(listed.refusal("http://app.example.com", false, "localhost:3000")).isNotNull();
        assertThat(listed.allowsAny()).isFalse();
    }

    @Test
    void anyOriginTurnsTheCheckOff() {
        OriginCheck explicit = new OriginCheck(EngineOptions.builder().allowAnyOrigin().build());
        assertThat(explicit.refusal("http://evil.example", false, "localhost:3000")).isNull();
        assertThat(explicit.allowsAny()).isTrue();
        OriginCheck star = new OriginCheck(EngineOptions.builder().cors(CorsOptions.anyOrigin()).build());
        assertThat(star.refusal("http://evil.example", false, "localhost:3000")).isNull();
        assertThat(star.allowsAny()).isTrue();
        OriginCheck strict = new OriginCheck(EngineOptions.builder().allowAnyOrigin().requireOrigin(true).build());
        assertThat(strict.refusal(null, false, "localhost:3000")).as("requireOrigin still holds").isNotNull();
    }
}
