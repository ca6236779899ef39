// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.sio4j.protocol.PayloadMappingException;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Typed listener arguments and emitted values, mapped with the server's PayloadMapper. */
class TypedArgumentsTest extends ServerTestBase {

    record Order(String itemName, int quantity) {
    }

    /** Bean whose getter fails: Jackson cannot serialize it. */
    static final class Unmappable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    private final List<Object> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private void startServer(ObjectMapper userMapper) {
        start(b -> {
            if (userMapper != null) {
                b.objectMapper(userMapper);
            }
        });
        io.on("connection", s -> {
            s.onError(errors::add);
            s.on("order", Order.class, o -> calls.add(o == null ? "null order" : o));
            s.on("order", (JsonNode raw) -> calls.add("raw " + raw));
            s.on("count", Integer.class, (n, ack) -> ack.send(n == null ? "none" : n + 1));
            s.on("send-order", (JsonNode ignored) -> s.emit("order", new Order("pen", 2)));
        });
        listen();
    }

    @Test
    void aMissingArgumentReachesTypedListenersAsNull() {
        startServer(null);
        RawWebSocket c = connected();
        c.sendPacket("2[\"order\"]");
        await().until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("null order", "raw ");   // the raw listener sees a MissingNode
        c.sendPacket("25[\"count\"]");
        assertThat(c.nextPacket().data().toString()).isEqualTo("[\"none\"]");
        c.sendPacket("26[\"count\",41]");
        assertThat(c.nextPacket().data().toString()).isEqualTo("[42]");
        assertThat(errors).isEmpty();
    }

    @Test
    void anExplicitNullIsMappedLikeAnyValue() {
        startServer(null);
        RawWebSocket c = connected();
        c.sendPacket("2[\"order\",null]");
        await().until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("null order", "raw null");
        assertThat(errors).isEmpty();
    }

    @Test
    void anArgumentThatDoesNotMapSkipsThatListenerKeepsTheSocketAndIsReported() {
        startServer(null);
        RawWebSocket c = connected();
        c.sendPacket("2[\"order\",\"not an order\"]");
        await().until(() -> errors.size() == 1 && calls.size() == 1);
        assertThat(calls).containsExactly("raw \"not an order\"");   // the untyped listener still runs
        EventArgumentException e = (EventArgumentException) errors.get(0);
        assertThat(e.event()).isEqualTo("order");
        assertThat(e.type()).isEqualTo(Order.class);
        assertThat(e.getCause()).isInstanceOf(PayloadMappingException.class);

        c.sendPacket("27[\"count\",{\"a\":1}]");   // a typed listener with an ack: the ack is not answered
        await().until(() -> errors.size() == 2);
        c.sendPacket("2[\"order\",{\"itemName\":\"ink\",\"quantity\":3,\"extra\":true}]");   // unknown fields are ignored
        await().until(() -> calls.contains(new Order("ink", 3)));
        assertThat(c.closed()).isNotDone();
        assertThat(c.textFrames()).noneMatch(f -> f.startsWith("437"));
    }

    @Test
    void withoutErrorListenersAMismatchIsOnlyLogged() {
        start(b -> { });
        List<Object> got = new CopyOnWriteArrayList<>();
        io.on("connection", s -> {
            s.on("n", Integer.class, n -> got.add(n));
            s.on("after", (JsonNode x) -> got.add("after"));
        });
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"n\",\"abc\"]").sendPacket("2[\"n\",5]").sendPacket("2[\"after\"]");
        await().until(() -> got.size() == 2);
        assertThat(got).containsExactly(5, "after");
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void theUsersObjectMapperIsUsedBothWays() {
        ObjectMapper snake = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        startServer(snake);
        RawWebSocket c = connected();
        c.sendPacket("2[\"order\",{\"item_name\":\"cup\",\"quantity\":1}]");
        await().until(() -> calls.contains(new Order("cup", 1)));
        c.sendPacket("2[\"send-order\"]");
        SocketPacket p = c.nextEvent();
        assertThat(p.data().toString()).isEqualTo("[\"order\",{\"item_name\":\"pen\",\"quantity\":2}]");
        assertThat(io.options().objectMapper()).isNotSameAs(snake);   // a copy, as PayloadMapper.of takes
    }

    @Test
    void bytesInsideARecordBecomeAnAttachment() throws Exception {
        record File(String name, byte[] bytes) {
        }
        startServer(null);
        RawWebSocket c = connected();
        Socket s = io.of("/").sockets().values().iterator().next();
        s.emit("file", new File("a.bin", new byte[] {7, 8}));
        SocketPacket p = c.nextEvent();
        assertThat(c.textFrames()).contains("451-[\"file\",{\"name\":\"a.bin\",\"bytes\":{\"_placeholder\":true,\"num\":0}}]");
        assertThat(p.data().get(1).get("bytes").binaryValue()).containsExactly(7, 8);
    }

    @Test
    void emittingAValueJacksonCannotWriteThrowsToTheCaller() {
        startServer(null);
        RawWebSocket c = connected();
        Socket s = io.of("/").sockets().values().iterator().next();
        assertThatThrownBy(() -> s.emit("bad", new Unmappable())).isInstanceOf(PayloadMappingException.class);
        assertThatThrownBy(() -> io.emit("bad", new Unmappable())).isInstanceOf(PayloadMappingException.class);
        s.emit("good", 1);
        assertThat(c.nextEvent().data().toString()).isEqualTo("[\"good\",1]");
        assertThat(s.connected()).isTrue();
    }
}
