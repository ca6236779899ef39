// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.Ack;
import dev.sio4j.client.AnyListener;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The data, binary, multiplexing and catch-all behaviours of socket.io-client's test/connection.ts
 * and test/socket.ts (onAny), in our words. Blob cases run with byte[] and ByteBuffer (Java has
 * no Blob); the server contract is the same.
 */
abstract class ConnectionSuite extends SuiteSupport {

    private static Object[] result(CompletableFuture<Object[]> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void eventsAcksDatesFalseAndUtf8() throws Exception {
        Socket s = socket("");
        CompletableFuture<Object[]> hi = next(s, "hi");
        s.emit("hi");
        result(hi);
        s.on("ack", args -> ((Ack) args[args.length - 1]).send(5, Map.of("test", true)));
        CompletableFuture<Object[]> gotIt = next(s, "got it");
        s.emit("ack");
        result(gotIt);
        assertThat(s.emitWithAck("getAckDate", Map.of("test", true)).get(10, TimeUnit.SECONDS).isTextual()).isTrue();
        CompletableFuture<Object[]> date = next(s, "takeDate");
        CompletableFuture<Object[]> dateObj = next(s, "takeDateObj");
        CompletableFuture<Object[]> f = next(s, "false");
        s.emit("getDate");
        s.emit("getDateObj");
        s.emit("false");
        assertThat(((JsonNode) result(date)[0]).isTextual()).isTrue();
        assertThat(((JsonNode) result(dateObj)[0]).path("date").isTextual()).isTrue();
        assertThat(((JsonNode) result(f)[0]).isBoolean()).isTrue();
        assertThat(((JsonNode) result(f)[0]).asBoolean(true)).isFalse();
        List<String> utf8 = new CopyOnWriteArrayList<>();
        s.on("takeUtf8", args -> utf8.add(((JsonNode) args[0]).asText()));
        s.emit("getUtf8");
        await().atMost(WAIT).until(() -> utf8.size() == 5);
        assertThat(utf8).containsExactly("てすと", "Я Б Г Д Ж Й", "Ä ä Ü ü ß", "utf8 — string", "utf8 — string");
    }

    @Test
    void binaryBothWaysAloneMixedWithJsonAndInOrder() throws Exception {
        Socket s = socket("");
        byte[] asdf = "asdfasdf".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Object[]> doge = next(s, "doge");
        CompletableFuture<Object[]> takebin = next(s, "takebin");
        s.emit("doge");
        s.emit("getbin");
        assertThat(((JsonNode) result(doge)[0]).binaryValue()).isEqualTo(asdf);
        assertThat(((JsonNode) result(takebin)[0]).binaryValue()).isEqualTo(asdf);
        List<String> acks = new CopyOnWriteArrayList<>();
        for (String e : List.of("buffack", "jsonbuff-ack", "abuff2-ack", "back", "jsonblob-ack", "blob3-ack")) {
            s.on(e, args -> acks.add(e));
        }
        s.emit("buffa", (Object) new byte[] {1, 2});
        s.emit("jsonbuff", Map.of("hello", "lol", "message", "howdy".getBytes(StandardCharsets.UTF_8), "goodbye", "gotcha"));
        s.emit("abuff1", (Object) "abuff1".getBytes(StandardCharsets.UTF_8));
        s.emit("abuff2", "please arrive second");
        s.emit("blob", ByteBuffer.wrap("hello world".getBytes(StandardCharsets.UTF_8)));
        s.emit("jsonblob", Map.of("hello", "lol", "message", ByteBuffer.wrap(new byte[] {9}), "goodbye", "gotcha"));
        s.emit("blob1", ByteBuffer.wrap("BLOBBLOB".getBytes(StandardCharsets.UTF_8)));
        s.emit("blob2", "second");
        s.emit("blob3", ByteBuffer.wrap("BLOBBLOB".getBytes(StandardCharsets.UTF_8)));
        await().atMost(WAIT).until(() -> acks.size() == 6);
        assertThat(acks).containsExactly("buffack", "jsonbuff-ack", "abuff2-ack", "back", "jsonblob-ack", "blob3-ack");
    }

    @Test
    void autoConnectFalseDoesNotConnect() {
        Socket s = socket("", options().autoConnect(false).build());
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !s.connected() && !s.active());
        assertThat(s.io().transport()).isNull();
    }

    @Test
    void managersAreSharedPerServerOnlyForDifferentNamespaces() {
        ClientOptions shared = ClientOptions.builder().runtime(runtime).autoConnect(false).build();
        Socket foo = IO.socket(URI.create(url() + "/foo"), shared);
        Socket bar = IO.socket(URI.create(url() + "/bar"), shared);
        Socket main = IO.socket(URI.create(url() + "/"), shared);
        Socket mainAgain = IO.socket(URI.create(url() + "/?woot"), shared);
        Socket otherPath = IO.socket(URI.create(url() + "/foo"), shared.toBuilder().path("/other").build());
        assertThat(foo.io()).isSameAs(bar.io()).isSameAs(main.io());
        assertThat(mainAgain.io()).isNotSameAs(main.io());
        assertThat(otherPath.io()).isNotSameAs(foo.io());
        assertThat(socket("/").io()).as("forceNew").isNotSameAs(socket("/").io());
    }

    @Test
    void namespacesOpenAfterTheConnectionIsUpAndAfterItClosed() {
        Manager m = manager(options().build());
        Socket main = connected(m.socket("/"));
        Socket foo = connected(m.socket("/foo"));
        main.disconnect();
        foo.disconnect();
        await().atMost(WAIT).until(() -> m.transport() == null);
        Socket fooAgain = connected(m.socket("/foo"));
        assertThat(fooAgain).isSameAs(foo);
        assertThat(m.socket("/")).isSameAs(main);
        await().atMost(WAIT).until(main::connected);
    }

    @Test
    void aCachedActiveSocketIsNotReopened() {
        Manager m = manager(options().build());
        Socket s = m.socket("/");
        AtomicInteger connects = new AtomicInteger();
        s.on("connect", connects::incrementAndGet);
        assertThat(m.socket("/")).isSameAs(s);
        await().atMost(WAIT).until(s::connected);
        assertThat(m.socket("/")).isSameAs(s);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> connects.get() == 1);
    }

    @Test
    void connectingOneSocketWhileDisconnectingAnotherAndKeepingTheConnection() {
        Manager m = manager(options().autoConnect(false).build());
        Socket foo = m.socket("/foo");
        Socket asd = m.socket("/asd");
        foo.on("connect", () -> {
            asd.connect();
            foo.disconnect();
        });
        foo.connect();
        connected(asd);
        List<Object> asdDisconnects = new CopyOnWriteArrayList<>();
        asd.on("disconnect", asdDisconnects::add);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> asd.connected() && asdDisconnects.isEmpty());
        CompletableFuture<Object[]> closed = next(m, "close");
        asd.disconnect();
        assertThat(closed).succeedsWithin(WAIT);
    }

    @Test
    void catchAllListenersIncomingAndOutgoing() throws Exception {
        Socket s = socket("/abc", options().autoConnect(false).build());
        List<String> calls = new CopyOnWriteArrayList<>();
        AnyListener removed = (e, a) -> calls.add("removed");
        s.onAny(removed);
        s.offAny(removed);
        s.onAny((e, a) -> calls.add("any:" + e + ":" + ((JsonNode) a[0]).isObject()));
        s.prependAny((e, a) -> calls.add("second"));
        s.prependAny((e, a) -> calls.add("first"));
        s.connect();
        await().atMost(WAIT).until(() -> calls.size() == 3);
        assertThat(calls).containsExactly("first", "second", "any:handshake:true");

        List<Object> out = new CopyOnWriteArrayList<>();
        AnyListener gone = (e, a) -> out.add("gone");
        s.onAnyOutgoing(gone);
        s.offAnyOutgoing(gone);
        s.onAnyOutgoing((e, a) -> out.add(e + ":" + a[0].getClass().getSimpleName()));
        s.prependAnyOutgoing((e, a) -> out.add("first"));
        s.emit("my-event", "123");
        s.emit("my-event", (Object) new byte[] {1, 2, 3});
        await().atMost(WAIT).until(() -> out.size() == 4);
        assertThat(out).containsExactly("first", "my-event:String", "first", "my-event:byte[]");
    }
}
