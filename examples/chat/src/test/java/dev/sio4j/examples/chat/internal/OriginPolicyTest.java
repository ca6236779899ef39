package dev.sio4j.examples.chat.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which browser origins may open a session (polling or WebSocket). */
class OriginPolicyTest {

    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of());

    @Test
    void nonBrowserClientsWithoutOriginAreAllowed() {
        assertThat(sameOriginOnly.decide(null, "localhost:3000", false).allowed()).isTrue();
    }

    @Test
    void theChatsOwnPageIsAllowed() {
        assertThat(sameOriginOnly.decide("http://localhost:3000", "localhost:3000", false).allowed()).isTrue();
        assertThat(sameOriginOnly.decide("http://LOCALHOST:3000", "localhost:3000", false).allowed()).isTrue();
        assertThat(sameOriginOnly.decide("http://example.com", "example.com:80", false).allowed()).isTrue();
        assertThat(sameOriginOnly.decide("https://example.com", "example.com", true).allowed()).isTrue();
    }

    @Test
    void anotherSiteIsRefusedByDefault() {
        assertThat(sameOriginOnly.decide("http://evil.example", "localhost:3000", false).allowed()).isFalse();
        assertThat(sameOriginOnly.decide("http://localhost:3001", "localhost:3000", false).allowed()).isFalse();
        assertThat(sameOriginOnly.decide("https://localhost:3000", "localhost:3000", false).allowed()).as("scheme differs").isFalse();
        assertThat(sameOriginOnly.decide("http://localhost:3000", null, false).allowed()).as("no Host").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "localhost:3000", "http://", "http://localhost:3000/path", "http://u:p@localhost:3000",
        "javascript:alert(1)", "file:///etc/passwd", "http://localhost:3000?x", "http://[::1", "ws://localhost:3000"})
    void malformedOrOddOriginsAreRefused(String origin) {
        assertThat(sameOriginOnly.decide(origin, "localhost:3000", false).allowed()).isFalse();
    }

    @Test
    void listedOriginsAreAllowedBesidesTheOwnOne() {
        OriginPolicy policy = new OriginPolicy(List.of("http://localhost:8080", "https://app.example.com"));
        assertThat(policy.decide("http://localhost:8080", "localhost:3000", false).allowed()).isTrue();
        assertThat(policy.decide("https://app.example.com:443", "localhost:3000", false).allowed()).isTrue();
        assertThat(policy.decide("http://localhost:3000", "localhost:3000", false).allowed()).isTrue();
        assertThat(policy.decide("http://app.example.com", "localhost:3000", false).allowed()).isFalse();
    }

    @Test
    void starAllowsEveryOrigin() {
        OriginPolicy any = new OriginPolicy(List.of("*"));
        assertThat(any.decide("http://evil.example", "localhost:3000", false).allowed()).isTrue();
    }
}
