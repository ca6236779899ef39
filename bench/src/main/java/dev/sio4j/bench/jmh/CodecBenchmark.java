// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codecs on a typical chat event, as the server runs them per message: decode is a
 * WebSocket text frame's string to a {@link SocketPacket} (Engine.IO then Socket.IO), encode a
 * packet to the frame's string; the binary variants carry a 1 KiB attachment (placeholder out,
 * attachment in). Run with {@code -prof gc} for the bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    private final SocketEncoder encoder = new SocketEncoder();
    private final SocketDecoder decoder = new SocketDecoder();
    private SocketPacket textEvent;
    private SocketPacket binaryEvent;
    private String textFrame;
    private String binaryHeaderFrame;
    private byte[] attachment;

    /** Builds the events and their frames once. */
    @Setup
    public void setUp() {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode text = mapper.createArrayNode().add("message");
        ObjectNode msg = text.addObject();
        msg.put("user", "alice").put("text", "Hello everyone, how is the weather over there today?").put("ts", 1_733_500_000_000L);
        textEvent = SocketPacket.event("/", text);
        attachment = new byte[1024];
        ArrayNode binary = mapper.createArrayNode().add("message");
        binary.addObject().put("user", "alice").put("name", "avatar.png").put("data", attachment);
        binaryEvent = SocketPacket.event("/", binary);
        textFrame = EngineCodec.encode(EnginePacket.message(encoder.encode(textEvent).text()));
        binaryHeaderFrame = EngineCodec.encode(EnginePacket.message(encoder.encode(binaryEvent).text()));
    }

    /** Packet to WebSocket text frame. */
    @Benchmark
    public String encodeText() {
        return EngineCodec.encode(EnginePacket.message(encoder.encode(textEvent).text()));
    }

    /** WebSocket text frame to packet. */
    @Benchmark
    public SocketPacket decodeText() {
        return decoder.onText(EngineCodec.decodeText(textFrame).text());
    }

    /** Packet with an attachment to its header frame and attachment. */
    @Benchmark
    public EncodedPacket encodeBinary() {
        EncodedPacket encoded = encoder.encode(binaryEvent);
        EngineCodec.encode(EnginePacket.message(encoded.text()));
        return encoded;
    }

    /** Header frame and attachment to packet. */
    @Benchmark
    public SocketPacket decodeBinary() {
        decoder.onText(EngineCodec.decodeText(binaryHeaderFrame).text());
        return decoder.onBinary(attachment);
    }
}
