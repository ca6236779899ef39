// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WsClientCodecTest {

    private final List<String> events = new ArrayList<>();
    private final List<Integer> attachments = new ArrayList<>();
    private Peer peer;
    private EmbeddedChannel channel;

    @BeforeEach
    void upgrade() {
        peer = new Peer(0, Peer.Mode.SOCKET_IO, "/", new Peer.Listener() {
            @Override
            public void onEvent(Peer p, ByteBuf packet) {
                events.add(packet.toString(StandardCharsets.UTF_8));
            }

            @Override
            public void onAttachment(Peer p, ByteBuf data) {
                attachments.add(data.readableBytes());
            }
        });
        channel = new EmbeddedChannel(new WsClientCodec("127.0.0.1:3000", "/socket.io/?EIO=4&transport=websocket", peer));
        assertThat(readOutbound()).startsWith("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n")
                .contains("Upgrade: websocket\r\n").endsWith("\r\n\r\n");
        channel.writeInbound(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"));
        channel.writeInbound(frame(0x81, "0{\"sid\":\"abc\",\"pingInterval\":25000}"));
        assertThat(readOutbound()).isEqualTo(masked(0x81, "40"));
        channel.writeInbound(frame(0x81, "40{\"sid\":\"xyz\"}"));
        assertThat(peer.ready()).isCompleted();
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void anEventSplitAcrossReadsArrivesWhole() {
        ByteBuf whole = frame(0x81, "42[\"message\",\"#7,9,\"]");
        channel.writeInbound(whole.readRetainedSlice(5));
        assertThat(events).isEmpty();
        channel.writeInbound(whole);

        assertThat(events).containsExactly("2[\"message\",\"#7,9,\"]");
    }

    @Test
    void aFragmentedMessageIsJoined() {
        channel.writeInbound(frame(0x01, "42[\"message\","));
        channel.writeInbound(frame(0x80, "\"#8,1,\"]"));

        assertThat(events).containsExactly("2[\"message\",\"#8,1,\"]");
    }

    @Test
    void longFramesUseTheExtendedLengths() {
        String text = "42[\"message\",\"" + "y".repeat(300) + "\"]";
        ByteBuf binary = Unpooled.buffer().writeByte(0x82).writeByte(127).writeLong(70_000).writeZero(70_000);
        channel.writeInbound(frame(0x81, text), frame(0x81, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]"), binary);

        assertThat(events).containsExactly(text.substring(1), "51-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(attachments).containsExactly(70_000);
    }

    @Test
    void pingsAreAnsweredAtBothLevels() {
        channel.writeInbound(frame(0x81, "2"));
        assertThat(readOutbound()).isEqualTo(masked(0x81, "3"));
        assertThat(peer.pings()).isEqualTo(1);

        channel.writeInbound(frame(0x89, "hi"));
        assertThat(readOutbound()).isEqualTo(masked(0x8A, "hi"));
    }

    @Test
    void emittedPacketsGoOutAsMaskedFramesWithTheEngineIoPrefix() {
        peer.emit("2[\"message\",\"x\"]");
        assertThat(readOutbound()).isEqualTo(masked(0x81, "42[\"message\",\"x\"]"));

        String big = "2[\"message\",\"" + "z".repeat(200) + "\"]";
        peer.emit(big);
        String out = readOutbound();
        assertThat(out.charAt(1)).isEqualTo((char) (0x80 | 126));
        assertThat(out).endsWith("4" + big);
    }

    @Test
    void aCloseFrameClosesTheConnection() {
        channel.writeInbound(frame(0x88, ""));

        assertThat(channel.isOpen()).isFalse();
        assertThat(peer.isClosed()).isTrue();
    }

    @Test
    void aRefusedUpgradeFailsThePeer() {
        Peer refused = new Peer(1, Peer.Mode.SOCKET_IO, "/", (p, packet) -> { });
        EmbeddedChannel ch = new EmbeddedChannel(new WsClientCodec("h", "/", refused));
        ch.writeInbound(ascii("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n"));

        assertThat(refused.ready()).isCompletedExceptionally();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    private String readOutbound() {
        ByteBuf buf = channel.readOutbound();
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** A server frame (unmasked); lengths under 126 or 16-bit. */
    private static ByteBuf frame(int b0, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer().writeByte(b0);
        if (bytes.length < 126) {
            buf.writeByte(bytes.length);
        } else {
            buf.writeByte(126).writeShort(bytes.length);
        }
        return buf.writeBytes(bytes);
    }

    /** A client frame as the codec writes it: masked with the zero key. */
    private static String masked(int b0, String payload) {
        return new String(new char[] {(char) b0, (char) (0x80 | payload.length()), 0, 0, 0, 0}) + payload;
    }
}
