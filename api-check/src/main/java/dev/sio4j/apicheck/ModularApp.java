package dev.sio4j.apicheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.streams.RedisStreamsAdapterOptions;
import dev.sio4j.server.SocketIoServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
                RedisStreamsAdapterOptions.class)) {
            Module m = api.getModule();
            report(m.getName() + " named", m.isNamed());
            String internal = api.getPackageName() + ".internal";
            report(m.getName() + " hides " + internal,
                    m.getPackages().contains(internal) && !m.isExported(internal, ModularApp.class.getModule()));
        }
        // Reflection cannot reach into an internal package either (nothing is opened).
        Class<?> internalType = Class.forName("dev.sio4j.server.internal.AckRegistry");
        report("reflection refused on " + internalType.getName(),
                !internalType.getDeclaredConstructors()[0].trySetAccessible());

        report("epoll " + (ModuleLayer.boot().findModule("io.netty.transport.classes.epoll").isPresent() ? "resolved" : "absent"), true);
        SocketIoServer io = SocketIoServer.builder().build();
        io.on("connection", socket -> socket.on("order", Order.class,
                (order, ack) -> ack.send(order.item() + " x" + order.quantity())));
        InetSocketAddress bound = io.listen("127.0.0.1", 0);
        Socket client = IO.socket(URI.create("http://127.0.0.1:" + bound.getPort()),
                ClientOptions.builder().reconnection(false).build());
        try {
            JsonNode reply = client.timeout(Duration.ofSeconds(10)).emitWithAck("order", new Order("tea", 2))
                    .get(20, TimeUnit.SECONDS);
            report("ack " + reply, reply.isTextual() && reply.asText().equals("tea x2"));
        } finally {
            client.io().shutdown().get(10, TimeUnit.SECONDS);
            io.close().get(10, TimeUnit.SECONDS);
        }
        System.out.println(failed ? "FAILED" : "OK");
        System.exit(failed ? 1 : 0);
    }

    private static boolean failed;

    private static void report(String what, boolean held) {
        System.out.println((held ? "ok   " : "FAIL ") + what);
        failed |= !held;
    }
}
