// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void startsAnswersStopsAndComesBackEmptyOnTheSamePort() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(command(redis.port(), "SET k v")).isEqualTo("+OK");
            assertThat(command(redis.port(), "GET k")).isEqualTo("$1");
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> command(redis.port(), "PING")).isInstanceOf(ConnectException.class);
            redis.startAgain();
            assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
            assertThat(command(redis.port(), "GET k")).as("nothing persisted").isEqualTo("$-1");
            redis.kill();
            assertThatThrownBy(() -> command(redis.port(), "PING")).isInstanceOf(ConnectException.class);
        }
    }

    /** One inline command; the first line of the answer. */
    private static String command(int port, String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
