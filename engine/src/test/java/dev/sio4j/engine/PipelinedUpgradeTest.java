// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that arrive in the same TCP write as a WebSocket upgrade request (issue 9, "found when
 * tried as a new user would", item 1; SECURITY-CASES row 40 "even inside the upgrade window").
 * They must wait until the handshake is decided and then go through the WebSocket decoder like
 * any later bytes: a valid frame is delivered, an invalid one closes with 1002. Two servers: one
 * without allowRequest (the handshake is decided at once) and one whose allowRequest answers only
 * after the test has written everything (the decision comes later than the bytes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinedUpgradeTest {

    EchoServer plain;
    EchoServer hooked;
    /** The pending decisions of {@link #hooked}'s allowRequest, completed by the tests. */
    final BlockingQueue<CompletableFuture<AllowRequest.Decision>> decisions = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() {
        plain = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .maxHttpBufferSize(1000));
        hooked = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .maxHttpBufferSize(1000).allowRequest(req -> {
                    CompletableFuture<AllowRequest.Decision> d = new CompletableFuture<>();
                    decisions.add(d);
                    return d;
                }));
    }

    @AfterAll
    void stop() {
        plain.close();
        hooked.close();
    }

    private EchoServer server(String which) {
        return which.equals("hook") ? hooked : plain;
    }

    /** Writes the upgrade request and {@code frames} in one write, then lets the hook decide. */
    private RawConnection upgradeWith(String which, String query, byte[] frames, boolean allow) throws Exception {
        EchoServer s = server(which);
        RawConnection raw = RawConnection.open(s.address);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(RawConnection.upgradeRequest("/engine.io/?" + query, "").getBytes(StandardCharsets.ISO_8859_1));
        all.write(frames);
        raw.write(all.toByteArray());
        if (s == hooked) {
            CompletableFuture<AllowRequest.Decision> d = decisions.poll(5, TimeUnit.SECONDS);
            assertThat(d).as("allowRequest called").isNotNull();
            d.complete(allow ? AllowRequest.Decision.allow() : AllowRequest.Decision.deny(""));
        }
        return raw;
    }

    private static String text(WebSocketFrames.Frame frame) {
        return frame.text();
    }

    /** A healthy client on the same server still gets its echo. */
    private void assertHealthyClientUnaffected(String which) throws Exception {
        EchoServer s = server(which);
        RawConnection healthy = RawConnection.open(s.address);
        try (healthy) {
            healthy.write(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", ""));
            if (s == hooked) {
                decisions.poll(5, TimeUnit.SECONDS).complete(AllowRequest.Decision.allow());
            }
            assertThat(healthy.readHead()).startsWith("HTTP/1.1 101");
            assertThat(text(healthy.nextFrame())).startsWith("0{\"sid\"");
            healthy.frame(0x81, "4still fine".getBytes(StandardCharsets.UTF_8), true);
            assertThat(text(healthy.nextFrame())).isEqualTo("4still fine");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no hook", "hook"})
    void aValidFramePipelinedAfterTheRequestIsDelivered(String which) throws Exception {
        byte[] frames = WebSocketFrames.clientFrame(0x81, "4hi".getBytes(StandardCharsets.UTF_8), true);
        try (RawConnection raw = upgradeWith(which, "EIO=4&transport=websocket", frames, true)) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(text(raw.nextFrame())).startsWith("0{\"sid\"");
            assertThat(text(raw.nextFrame())).isEqualTo("4hi");
            // Later bytes follow the pipelined ones, in order.
            raw.frame(0x81, "4later".getBytes(StandardCharsets.UTF_8), true);
            assertThat(text(raw.nextFrame())).isEqualTo("4later");
        }
        assertHealthyClientUnaffected(which);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no hook", "hook"})
    void anInvalidFramePipelinedAfterTheRequestCloses1002(String which) throws Exception {
        // RSV2 set with no extension negotiated: CVE-2022-21676's shape.
        byte[] frames = WebSocketFrames.clientFrame(0xA1, "4x".getBytes(StandardCharsets.UTF_8), true);
        try (RawConnection raw = upgradeWith(which, "EIO=4&transport=websocket", frames, true)) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1002));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertHealthyClientUnaffected(which);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no hook", "hook"})
    void severalFramesAndAPartialOnePipelinedAreAllDelivered(String which) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.write(WebSocketFrames.clientFrame(0x81, "4one".getBytes(StandardCharsets.UTF_8), true));
        frames.write(WebSocketFrames.clientFrame(0x81, "4two".getBytes(StandardCharsets.UTF_8), true));
        byte[] third = WebSocketFrames.clientFrame(0x81, "4three".getBytes(StandardCharsets.UTF_8), true);
        frames.write(third, 0, 5); // the rest of this frame comes with a later write
        try (RawConnection raw = upgradeWith(which, "EIO=4&transport=websocket", frames.toByteArray(), true)) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(text(raw.nextFrame())).startsWith("0{\"sid\"");
            assertThat(text(raw.nextFrame())).isEqualTo("4one");
            assertThat(text(raw.nextFrame())).isEqualTo("4two");
            raw.write(java.util.Arrays.copyOfRange(third, 5, third.length));
            assertThat(text(raw.nextFrame())).isEqualTo("4three");
        }
    }

    @Test
    void aProbePipelinedAfterTheUpgradeOfAPollingSessionIsAnswered() throws Exception {
        String sid = plain.openPolling();
        byte[] probe = WebSocketFrames.clientFrame(0x81, "2probe".getBytes(StandardCharsets.UTF_8), true);
        try (RawConnection raw = upgradeWith("no hook", "EIO=4&transport=websocket&sid=" + sid, probe, true)) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(text(raw.nextFrame())).isEqualTo("3probe");
            raw.frame(0x81, "5".getBytes(StandardCharsets.UTF_8), true);
            raw.frame(0x81, "4upgraded".getBytes(StandardCharsets.UTF_8), true);
            assertThat(text(raw.nextFrame())).isEqualTo("4upgraded");
        }
    }

    @Test
    void aRefusedUpgradeAnswersOnceAndNeverReadsThePipelinedBytesAsHttp() throws Exception {
        // The bytes spell a second request: were they parsed as HTTP, a second answer would follow.
        byte[] smuggled = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawConnection raw = upgradeWith("hook", "EIO=4&transport=websocket", smuggled, false)) {
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").endsWith("Forbidden");
            assertThat(raw.readToEnd()).isEmpty();
        }
        assertHealthyClientUnaffected("hook");
    }
}
