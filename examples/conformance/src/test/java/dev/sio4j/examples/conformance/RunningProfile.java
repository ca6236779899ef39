// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One conformance profile on 127.0.0.1 (any free port) for all the tests of a class: started
 * before the first, closed after the last. Register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningProfile server = new RunningProfile(Profile.Name.PROTOCOL);
 * }</pre>
 *
 * <p>Written by JUnit's callbacks before and after the tests, read by the tests; the fields are
 * volatile so that a test on another thread sees the started profile.
 */
final class RunningProfile implements BeforeAllCallback, AfterAllCallback {

    private final Profile.Name name;
    private volatile Profile profile;
    private volatile InetSocketAddress address;
    private volatile RawClient http;

    RunningProfile(Profile.Name name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        profile = name.create();
        address = profile.start("127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        http = RawClient.at(address);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (profile != null) {
            profile.close();
        }
    }

    /** Where the profile listens. */
    InetSocketAddress address() {
        return started(address);
    }

    /** Plain HTTP against the profile; URLs are paths ({@code /engine.io/?EIO=4...}). */
    RawClient http() {
        return started(http);
    }

    /**
     * A WebSocket to {@code pathAndQuery} whose frames are read one at a time, like the official
     * suites' waitFor(); a refused handshake is a close, as for a browser's WebSocket.
     */
    RawWebSocket webSocket(String pathAndQuery) {
        return http().webSocket(pathAndQuery).refusalAsClose().open();
    }

    /**
     * Like {@link #webSocket} but answers every Engine.IO ping with a pong at once (the ping is
     * still queued), so that a slow machine cannot turn a test into a heartbeat timeout.
     */
    RawWebSocket webSocketWithPongs(String pathAndQuery) {
        return http().webSocket(pathAndQuery).refusalAsClose().answerPings().open();
    }

    /** A plain TCP connection to the profile, for requests sent microseconds apart. */
    RawConnection connect() throws IOException {
        RawConnection c = RawConnection.open(address());
        c.socket().setTcpNoDelay(true);
        return c;
    }

    /**
     * Sends a GET on a raw TCP connection and resets that connection right away, as an aborted
     * fetch() does: the server sees the poll and then loses it.
     */
    void abandonedGet(String pathAndQuery) throws IOException {
        RawConnection c = RawConnection.open(address());
        c.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + address().getHostString() + "\r\n\r\n");
        c.abandon();
    }

    /** Writes {@code requestText} on a new connection and reads whatever comes back until the server closes. */
    String rawExchange(String requestText) throws IOException {
        try (RawConnection c = RawConnection.open(address())) {
            return c.write(requestText).readToEnd();
        }
    }

    private <T> T started(T value) {
        if (value == null) {
            throw new IllegalStateException("the " + name + " profile is not started: register this as a static extension");
        }
        return value;
    }
}
