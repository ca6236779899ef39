// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.protocol.socketio.SocketPacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A middleware that fails by accident (issue 9, found-as-a-new-user item 5): the client gets the
 * generic {@code "server error"}, never the exception's text, which may hold internals; the
 * server logs the exception with a short id and without the CONNECT payload. The connection and
 * every other client go on.
 */
class MiddlewareErrorTest extends ServerTestBase {

    private static final Pattern ERROR_ID = Pattern.compile("error id ([0-9a-f]{8})");

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    /** The test logger (slf4j-simple) writes to whatever System.err is at the time. */
    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    private String logText() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Takes the next {@code n} packets, which must be CONNECT_ERRORs, and returns the frames so far. */
    private static List<String> connectErrors(RawWebSocket c, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        }
        return c.textFrames();
    }

    /** The client's connection still serves "/", and another client is unaffected. */
    private void assertConnectionAndOthersUnaffected(RawWebSocket c) {
        assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.closed()).isNotDone();
        assertThat(connected().closed()).isNotDone();
    }

    @Test
    void anUnexpectedExceptionSendsServerErrorAndIsLoggedWithAnId() {
        start(b -> { });
        io.of("/throws").use((s, next) -> {
            throw new IllegalStateException("jdbc:postgresql://db.internal/users password=hunter2");
        });
        listen();
        RawWebSocket c = client();
        c.sendPacket("0/throws,{\"token\":\"the-users-token\"}");
        assertThat(connectErrors(c, 1)).containsExactly("44/throws,{\"message\":\"server error\"}");

        await().until(() -> ERROR_ID.matcher(logText()).find());
        String logged = logText();
        Matcher id = ERROR_ID.matcher(logged);
        assertThat(id.find()).isTrue();
        String line = logged.lines().filter(l -> l.contains(id.group())).findFirst().orElseThrow();
        assertThat(line).contains("WARN").contains("/throws").contains("server error");
        assertThat(logged).contains("java.lang.IllegalStateException").doesNotContain("the-users-token");
        assertConnectionAndOthersUnaffected(c);
    }

    @Test
    void anExceptionWithoutMessageAndACheckedOneThrownUncheckedAreServerErrorsToo() {
        start(b -> { });
        io.of("/npe").use((s, next) -> {
            throw new NullPointerException();
        });
        // Kotlin, or a sneaky throw, can raise a checked exception that Java's signature does not declare.
        io.of("/checked").use((s, next) -> MiddlewareErrorTest.<RuntimeException>sneakyThrow(new IOException("disk")));
        listen();
        RawWebSocket c = client();
        c.sendPacket("0/npe,").sendPacket("0/checked,");
        assertThat(connectErrors(c, 2)).contains("44/npe,{\"message\":\"server error\"}",
                "44/checked,{\"message\":\"server error\"}");
        assertConnectionAndOthersUnaffected(c);
    }

    @Test
    void aConnectErrorThrownOrPassedToFailIsSentOnPurpose() {
        start(b -> { });
        io.of("/thrown").use((s, next) -> {
            throw new ConnectError("unauthorized", Map.of("reason", "missing_token"));
        });
        io.of("/failed").use((s, next) -> next.fail(new ConnectError("banned", null)));
        listen();
        RawWebSocket c = client();
        c.sendPacket("0/thrown,").sendPacket("0/failed,");
        assertThat(connectErrors(c, 2)).contains(
                "44/thrown,{\"message\":\"unauthorized\",\"data\":{\"reason\":\"missing_token\"}}",
                "44/failed,{\"message\":\"banned\"}");
        assertThat(logText()).doesNotContain("error id");
        assertConnectionAndOthersUnaffected(c);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
