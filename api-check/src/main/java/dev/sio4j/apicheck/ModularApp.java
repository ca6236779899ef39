// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.apicheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sio4j.auth.JwtAuth;
import dev.sio4j.auth.JwtKeys;
import dev.sio4j.auth.JwtPrincipal;
import dev.sio4j.admin.AdminAuth;
import dev.sio4j.admin.AdminUi;
import dev.sio4j.admin.AdminUiOptions;
import dev.sio4j.micrometer.SocketIoMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.streams.RedisStreamsAdapterOptions;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.spring.SocketIoListener;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run on the module path by {@code ModulePathTest}: a server and a client in one named module
 * exchange an event of the application's own type with an ack, and the program prints what
 * the module system says about sio4j's modules. Exits 0 when everything held, 1 otherwise.
 */
public final class ModularApp {

    /** An application type mapped by Jackson, which needs the package opened to it. */
    public record Order(String item, int quantity) {
    }

    private ModularApp() {
    }

    public static void main(String[] args) throws Exception {
        report("app module named", ModularApp.class.getModule().isNamed());
        for (Class<?> api : List.of(SocketIoServer.class, Socket.class, RedisAdapterOptions.class,
                RedisStreamsAdapterOptions.class, JwtAuth.class, AdminUi.class, SocketIoMetrics.class,
                SocketIoListener.class)) {
            Module m = api.getModule();
            report(m.getName() + " named", m.isNamed());
            String internal = api.getPackageName() + ".internal";
            report(m.getName() + " hides " + internal,
                    m.getPackages().contains(internal) && !m.isExported(internal, ModularApp.class.getModule()));
        }
        // Reflection cannot reach into an internal package either (nothing is opened).
        Class<?> internalType = Class.forName("dev.sio4j.server.internal.PendingAcks");
        report("reflection refused on " + internalType.getName(),
                !internalType.getDeclaredConstructors()[0].trySetAccessible());

        report("epoll " + (ModuleLayer.boot().findModule("io.netty.transport.classes.epoll").isPresent() ? "resolved" : "absent"), true);
        SocketIoServer io = SocketIoServer.builder().build();
        io.on("connection", socket -> socket.on("order", Order.class,
                (order, ack) -> ack.send(order.item() + " x" + order.quantity())));
        // The JWT middleware verifies with nimbus-jose-jwt, itself a named module.
        byte[] secret = "a secret for the module path test, 32+ bytes".getBytes(StandardCharsets.UTF_8);
        JwtAuth auth = JwtAuth.builder().keys(JwtKeys.secret(secret)).build();
        io.of("/secure").use(auth).on("connection", socket -> socket.onArgs("whoami", (List<JsonNode> ignored, dev.sio4j.server.Ack ack) ->
                ack.send(JwtPrincipal.of(socket).map(JwtPrincipal::displayName).orElse("nobody"))));
        // The admin UI module with bcrypt (an automatic module) resolved on the module path.
        AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
                .auth(AdminAuth.basic("admin", AdminAuth.hashPassword("pw".toCharArray()))).build());
        report("admin UI instrumented " + admin.namespace().name(), admin.namespace().name().equals("/admin")
                && AdminAuth.basic("admin", AdminAuth.hashPassword("pw".toCharArray())).verify("pw"));
        // The Micrometer binder (micrometer-core is an automatic module) on the server's observer SPI.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SocketIoMetrics metrics = new SocketIoMetrics(io);
        metrics.bindTo(registry);
        InetSocketAddress bound = io.listen("127.0.0.1", 0);
        Socket client = IO.socket(URI.create("http://127.0.0.1:" + bound.getPort()),
                ClientOptions.builder().reconnection(false).build());
        Socket secure = IO.socket(URI.create("http://127.0.0.1:" + bound.getPort() + "/secure"),
                ClientOptions.builder().reconnection(false).forceNew(true).auth(Map.of("token", token(secret))).build());
        try {
            JsonNode reply = client.timeout(Duration.ofSeconds(10)).emitWithAck("order", new Order("tea", 2))
                    .get(20, TimeUnit.SECONDS);
            report("ack " + reply, reply.isTextual() && reply.asText().equals("tea x2"));
            JsonNode who = secure.timeout(Duration.ofSeconds(10)).emitWithAck("whoami").get(20, TimeUnit.SECONDS);
            report("jwt ack " + who, who.isTextual() && who.asText().equals("Alice"));
            double connected = registry.get("socketio.sockets.connected").tag("namespace", "/").counter().count();
            report("metrics counted " + (long) connected + " connection", connected == 1);
        } finally {
            client.io().shutdown().get(10, TimeUnit.SECONDS);
            secure.io().shutdown().get(10, TimeUnit.SECONDS);
            admin.close();
            metrics.close();
            io.closeAsync().get(10, TimeUnit.SECONDS);
            auth.close();
        }
        System.out.println(failed ? "FAILED" : "OK");
        System.exit(failed ? 1 : 0);
    }

    private static String token(byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("alice")
                .claim("name", "Alice").expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

        private static boolean failed;

    private static void report(String what, boolean held) {
        System.out.println((held ? "ok   " : "FAIL ") + what);
        failed |= !held;
    }
}
