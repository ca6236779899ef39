// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;

/**
 * permessage-deflate (RFC 7692) on the client WebSocket, as the JS client in Node offers it (ws
 * with engine.io-client's {@code perMessageDeflate: {threshold: 1024}}): the extension is offered
 * on every handshake; when the server accepts, a message is compressed only if its emit allowed
 * it ({@code compress(true)}, the default) and it has at least the threshold's bytes. Inflated
 * messages from the server are capped at {@code maxIncomingBytes} (a small frame cannot inflate
 * into a huge buffer).
 *
 * <p>Stateless; thread-safe. The frames it makes are confined to the caller's event loop.
 */
final class Deflate {

    private static final int COMPRESSION_LEVEL = 6;
    private static final int WINDOW_BITS = 15;

    private Deflate() {
    }

    /** The Engine.IO packet as a frame, marked when it must not be compressed. */
    static WebSocketFrame frame(EnginePacket packet, boolean compress) {
        if (packet.isBinary()) {
            return compress
                    ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet.binary()))
                    : new PlainBinaryFrame(packet.binary());
        }
        String text = EngineCodec.encode(packet);
        return compress ? new TextWebSocketFrame(text) : new PlainTextFrame(text);
    }

    /** The handler that negotiates the extension and adds the (de)compressors when accepted. */
    static ChannelHandler extensionHandler(EngineConfig config) {
        int threshold = config.deflateThreshold();
        WebSocketExtensionFilter skip = frame -> frame instanceof Plain
                || frame.content().readableBytes() < threshold;
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return skip;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        return new WebSocketClientExtensionHandler(new PerMessageDeflateClientExtensionHandshaker(
                COMPRESSION_LEVEL, false, WINDOW_BITS, false, false, filters, config.maxIncomingBytes()));
    }

    /** A frame whose emit said {@code compress(false)}. */
    private interface Plain {
    }

    private static final class PlainTextFrame extends TextWebSocketFrame implements Plain {
        PlainTextFrame(String text) {
            super(text);
        }
    }

    private static final class PlainBinaryFrame extends BinaryWebSocketFrame implements Plain {
        PlainBinaryFrame(byte[] data) {
            super(Unpooled.wrappedBuffer(data));
        }
    }
}
