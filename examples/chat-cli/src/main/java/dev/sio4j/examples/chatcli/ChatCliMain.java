// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chatcli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A terminal chat client for the sio4j chat server (or any Socket.IO server with the same events).
 *
 * <pre>
 * java -jar examples/chat-cli/target/sio4j-chat-cli.jar --url http://localhost:3000 [--namespace /chat] [--token JWT]
 * </pre>
 *
 * Prints {@code connected <id>}, {@code connect_error <message> <data>} when the server refuses
 * the socket (a chat started with {@code --jwt-secret} without a valid {@code --token}), each
 * received message, privateMessage and roomMessage as
 * {@code <event> <compact JSON>}, and {@code reconnecting <attempt>} / {@code reconnected <attempts>}.
 * Each input line is sent as "message"; {@code /pm <id> <text>}, {@code /join <room>} and
 * {@code /room <room> <text>} send the other events. Exits 0 at end of input once everything
 * typed was sent.
 *
 * <p>Output lines are written by the client's event loop and the main thread; {@link PrintStream}
 * keeps each line whole.
 */
@Command(name = "sio4j-chat-cli", mixinStandardHelpOptions = true,
        description = "Terminal chat client for a Socket.IO chat server.")
public final class ChatCliMain implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);

    @Option(names = "--url", required = true, description = "Server URL, e.g. http://localhost:3000")
    URI url;

    @Option(names = "--namespace", defaultValue = "/", description = "Namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--token", paramLabel = "JWT",
            description = "Sign in with this token, sent as auth: {token} on every connection (a chat started with "
                    + "--jwt-secret or --jwks-url needs one). Default: none.")
    String token;

    private final BufferedReader in;
    private final PrintStream out;

    ChatCliMain(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(new CommandLine(new ChatCliMain(stdin, stdout)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String ns = namespace.startsWith("/") ? namespace : "/" + namespace;
        URI target = url.resolve(ns);
        ClientOptions.Builder options = ClientOptions.builder();
        if (token != null && !token.isBlank()) {
            options.auth(Map.of("token", token.trim()));
        }
        Socket socket = IO.socket(target, options.build());
        socket.on("connect", () -> out.println("connected " + socket.id()));
        socket.on("connect_error", args -> {
            // A refusal by the server (bad token...) stops the socket; say why rather than wait silently.
            if (args.length > 0 && args[0] instanceof ConnectError e) {
                out.println("connect_error " + e.getMessage() + (e.data() == null ? "" : " " + compact(e.data())));
            }
        });
        for (String event : new String[] {"message", "privateMessage", "roomMessage"}) {
            socket.on(event, args -> out.println(event + " " + compact(args.length > 0 ? args[0] : null)));
        }
        socket.io().on("reconnect_attempt", args -> out.println("reconnecting " + args[0]));
        socket.io().on("reconnect", args -> out.println("reconnected " + args[0]));

        String line;
        while ((line = in.readLine()) != null) {
            send(socket, line);
        }
        // Lines typed while disconnected are buffered: wait for a connection to send them.
        awaitConnected(socket);
        // Close the connection once what was typed is written, without a namespace DISCONNECT
        // first: socket.io (and sio4j) drop events that arrive in the same read as the
        // socket's DISCONNECT, so the last line would be lost; a closing transport is handled
        // after the events before it.
        socket.io().shutdown().get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return 0;
    }

    /** Waits (bounded) until the socket is connected, e.g. while it reconnects. */
    private static void awaitConnected(Socket socket) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Runnable listener = connected::countDown;
        socket.on("connect", listener);
        try {
            // A socket the server refused is not active: no connection is coming to wait for.
            if (!socket.connected() && socket.active()) {
                connected.await(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            socket.off("connect", listener);
        }
    }

    static void send(Socket socket, String line) {
        if (line.startsWith("/pm ")) {
            String[] parts = line.substring(4).split(" ", 2);
            socket.emit("privateMessage", object("recipientId", parts[0], "message", parts.length > 1 ? parts[1] : ""));
        } else if (line.startsWith("/join ")) {
            socket.emit("joinRoom", line.substring(6).trim());
        } else if (line.startsWith("/room ")) {
            String[] parts = line.substring(6).split(" ", 2);
            socket.emit("roomMessage", object("room", parts[0], "message", parts.length > 1 ? parts[1] : ""));
        } else {
            socket.emit("message", line);
        }
    }

    /** A two-key object whose keys go on the wire in this order (as the browser page sends them). */
    private static Map<String, String> object(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static String compact(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
