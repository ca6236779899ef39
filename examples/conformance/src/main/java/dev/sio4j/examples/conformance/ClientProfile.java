// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.engine.AllowRequest;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Profile {@code client}: the server socket.io-client's own test suite talks to. Path
 * {@code /socket.io/}, pingInterval 2 s, connection state recovery on, and an allowRequest that
 * answers after 10 ms (the suite measures its connect timeout against it). Namespaces:
 * <ul>
 *   <li>{@code /}: refused with "Auth failed (main namespace)" when the query has {@code fail};
 *       otherwise the events of {@link ClientSuiteEvents};</li>
 *   <li>{@code /foo}: getId(cb) answers the socket id;</li>
 *   <li>{@code /timeout_socket}, {@code /valid}, {@code /asd}: exist, do nothing;</li>
 *   <li>{@code /abc}: emits "handshake" with the handshake details on connect;</li>
 *   <li>{@code /no}: always refused with "Auth failed (custom namespace)".</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ClientProfile implements Profile {

    private final EventLoopGroup group = HttpEndpoint.newGroup();
    private final SocketIoServer io;
    private final HttpEndpoint endpoint;

    ClientProfile() {
        this.io = SocketIoServer.create(ServerOptions.builder()
                .path("/socket.io/")
                .pingInterval(Duration.ofMillis(2000))
                .connectionStateRecovery(ConnectionStateRecovery.defaults())
                .allowRequest(request -> {
                    // A fixed delay lets the suite test the client's connect timeout.
                    CompletableFuture<AllowRequest.Decision> decision = new CompletableFuture<>();
                    group.schedule(() -> decision.complete(AllowRequest.Decision.allow()), 10, TimeUnit.MILLISECONDS);
                    return decision;
                })
                .configureEngine(e -> e.eventLoopGroup(group))
                .build());
        configure(io);
        this.endpoint = new HttpEndpoint(group, List.of(io::newHttpHandler));
    }

    /** The namespaces and listeners of the contract (tests reuse them on a server of their own). */
    static void configure(SocketIoServer io) {
        ObjectMapper mapper = io.options().objectMapper();
        io.of("/foo").on("connection", socket ->
                socket.onArgs("getId", (args, ack) -> ack.send(socket.id())));
        io.of("/timeout_socket").on("connection", socket -> { });
        io.of("/valid").on("connection", socket -> { });
        io.of("/asd").on("connection", socket -> { });
        io.of("/abc").on("connection", socket -> socket.emit("handshake", socket.handshake().toJson(mapper)));
        io.use((socket, next) -> {
            if (socket.handshake().query().containsKey("fail")) {
                next.fail(new ConnectError("Auth failed (main namespace)"));
            } else {
                next.proceed();
            }
        });
        io.of("/no").use((socket, next) -> next.fail(new ConnectError("Auth failed (custom namespace)")));
        io.on("connection", (Socket socket) -> new ClientSuiteEvents(socket, mapper).register());
    }

    @Override
    public CompletableFuture<InetSocketAddress> start(String host, int port) {
        return endpoint.bind(host, port);
    }

    @Override
    public void close() {
        io.closeAsync().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        endpoint.close();
    }
}
