// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ConnectError;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link JwtAuth} on a real server with the sio4j client (row 51): who gets in and with what,
 * each refusal as the client sees it, where the token may come from, the per-user limit through
 * the token's {@code sub}, and a healthy client unaffected by the refused ones.
 */
class JwtAuthTest extends AuthTestBase {

    private final List<Socket> connected = new CopyOnWriteArrayList<>();

    private void startServer(JwtAuth guard) {
        start(guard, b -> { });
        io.on("connection", connected::add);
        listen();
    }

    @Test
    void aValidTokenConnectsWithItsClaimsPrincipalAndIdentity() throws Exception {
        startServer(secretAuth(Duration.ofSeconds(60)));
        assertThat(connectedOn(clientWithToken(validToken("alice")))).succeedsWithin(WAIT);
        await().until(() -> connected.size() == 1);
        Socket s = connected.get(0);
        assertThat(s.identity()).isEqualTo("alice");
        assertThat(s.data().get(JwtAuth.DATA_KEY)).isInstanceOfSatisfying(Map.class,
                claims -> assertThat(claims).containsEntry("sub", "alice").containsEntry("name", "ALICE"));
        JwtPrincipal p = JwtPrincipal.of(s).orElseThrow();
        assertThat(p.getName()).isEqualTo("alice");
        assertThat(p.displayName()).isEqualTo("ALICE");
        assertThat(p.expiresAt()).isAfter(Instant.now());
        assertThat(io.refusals().count(RefusalCause.AUTH)).isZero();
    }

    @Test
    void row51_eachRefusalReachesTheClientWithItsReasonAndTheHealthyClientIsUnaffected() throws Exception {
        startServer(secretAuth(Duration.ZERO));
        dev.sio4j.client.Socket healthy = clientWithToken(validToken("bob"));
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        healthy.on("news", args -> heard.add((JsonNode) args[0]));
        assertThat(connectedOn(healthy)).succeedsWithin(WAIT);

        Map<String, dev.sio4j.client.Socket> cases = Map.of(
                "missing_token", client("/", o -> { }),
                "invalid_token", clientWithToken("garbage"),
                "token_expired", clientWithToken(token("alice", Instant.now().minus(Duration.ofHours(1)))));
        for (var c : cases.entrySet()) {
            ConnectError e = refusedOn(c.getValue()).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(e.getMessage()).isEqualTo("unauthorized");
            assertThat(reasonOf(e)).isEqualTo(c.getKey());
        }
        ConnectError notAString = refusedOn(client("/", o -> o.auth(Map.of("token", 42)))).get();
        assertThat(reasonOf(notAString)).isEqualTo("invalid_token");
        assertThat(io.refusals().count(RefusalCause.AUTH)).isEqualTo(4);
        assertThat(connected).hasSize(1);
        io.emit("news", "still here");
        await().until(() -> heard.size() == 1);
        assertThat(healthy.connected()).isTrue();
    }

    @Test
    void aRefusedClientMayTryAgainOnTheSameConnection() throws Exception {
        startServer(secretAuth(Duration.ZERO));
        String[] token = {"garbage"};
        dev.sio4j.client.Socket s = client("/", o -> o.auth(() -> Map.of("token", token[0])));
        assertThat(reasonOf(refusedOn(s).get())).isEqualTo("invalid_token");
        token[0] = validToken("alice");
        assertThat(connectedOn(s)).succeedsWithin(WAIT);
    }

    @Test
    void anAuthorizationHeaderCarriesATokenToo() {
        startServer(secretAuth(Duration.ZERO));
        dev.sio4j.client.Socket s = client("/", o -> o.extraHeader("Authorization", "Bearer " + validToken("carol")));
        assertThat(connectedOn(s)).succeedsWithin(WAIT);
        await().until(() -> connected.size() == 1);
        assertThat(connected.get(0).identity()).isEqualTo("carol");
        dev.sio4j.client.Socket basic = client("/", o -> o.extraHeader("Authorization", "Basic YWxhZGRpbjpvcGVu"));
        assertThat(refusedOn(basic)).succeedsWithin(WAIT).satisfies(e -> assertThat(reasonOf(e)).isEqualTo("missing_token"));
        dev.sio4j.client.Socket forged = client("/", o -> o.extraHeader("Authorization", "Bearer not.a.token"));
        assertThat(refusedOn(forged)).succeedsWithin(WAIT).satisfies(e -> assertThat(reasonOf(e)).isEqualTo("invalid_token"));
    }

    @Test
    void theQueryStringIsReadOnlyWhenAllowed() {
        startServer(secretAuth(Duration.ZERO));
        dev.sio4j.client.Socket s = client("/?token=" + validToken("dave"), o -> { });
        assertThat(refusedOn(s)).succeedsWithin(WAIT).satisfies(e -> assertThat(reasonOf(e)).isEqualTo("missing_token"));
    }

    @Test
    void theQueryStringWorksWhenExplicitlyEnabled() {
        startServer(JwtAuth.builder().keys(JwtKeys.secret(SECRET)).tokenFromQuery("access_token").build());
        dev.sio4j.client.Socket s = client("/?access_token=" + validToken("dave"), o -> { });
        assertThat(connectedOn(s)).succeedsWithin(WAIT);
    }

    @Test
    void connectionsPerUserAreCountedByTheTokensSubject() {
        start(secretAuth(Duration.ZERO), b -> b.socketLimits(SocketLimits.builder().maxConnectionsPerUser(1).build()));
        listen();
        assertThat(connectedOn(clientWithToken(validToken("erin")))).succeedsWithin(WAIT);
        assertThat(refusedOn(clientWithToken(validToken("erin")))).succeedsWithin(WAIT)
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Too many connections"));
        assertThat(connectedOn(clientWithToken(validToken("frank")))).succeedsWithin(WAIT);
        assertThat(io.refusals().count(RefusalCause.LIMIT)).isEqualTo(1);
    }

    @Test
    void theBuilderNeedsKeysAndSaneValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtAuth.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keys");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtAuth.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtAuth.builder().maxTokenLength(10))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtAuth.builder().tokenFromQuery(""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
