// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.base64.Base64;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Engine.IO long-polling transport for one {@link Peer}, as the official client runs it
 * without upgrade: one keep-alive HTTP connection that always has a GET waiting, and one for the
 * POSTs (packets queued while a POST is out go together in the next one, joined by 0x1E), opened
 * again when the server closed it for being idle. Both connections live on the same event loop,
 * so the peer stays confined to it; the peer ends when its GET connection does.
 *
 * <p>Confined to that event loop; {@link #sendText} may be called from any thread.
 */
public final class PollingWire implements Peer.Wire {

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final int MAX_BODY = 64 << 20;

    private final Connector connector;
    private final Peer peer;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private Channel get;
    private Channel post;
    private String sid;
    private boolean postInFlight;
    private boolean postConnecting;

    private PollingWire(Connector connector, Peer peer) {
        this.connector = connector;
        this.peer = peer;
    }

    /** Opens {@code peer} over long-polling; completes as {@link Peer#ready()}. */
    public static CompletableFuture<Peer> open(Connector connector, Peer peer) {
        PollingWire wire = new PollingWire(connector, peer);
        wire.connect(connector, new Handler(wire::onGetActive, wire::onGetResponse));
        return peer.ready();
    }

    private void connect(Connector c, Handler handler) {
        InetSocketAddress remote = new InetSocketAddress(c.target().host(), c.target().port());
        var bootstrap = c.bootstrap(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(c.wireBytes(), new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), handler);
            }
        }, get == null ? null : get.eventLoop());
        bootstrap.connect(remote).addListener(f -> {
            if (!f.isSuccess()) {
                peer.onFailure("connect: " + f.cause());
            }
        });
    }

    private void onGetActive(Channel ch) {
        get = ch;
        get.closeFuture().addListener(f -> closed());
        sendGet();
    }

    private void onPostActive(Channel ch) {
        postConnecting = false;
        post = ch;
        // Servers close idle keep-alive connections (Node after 5 s): the next POST opens another,
        // as a browser would. A POST cut off in flight is not retried.
        ch.closeFuture().addListener(f -> {
            if (post == ch) {
                post = null;
                postInFlight = false;
                flushOutbox();
            }
        });
        flushOutbox();
    }

    private void sendGet() {
        get.writeAndFlush(request(HttpMethod.GET, Unpooled.EMPTY_BUFFER));
    }

    private FullHttpRequest request(HttpMethod method, ByteBuf body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                connector.target().pollingPath(sid), body);
        req.headers().set(HttpHeaderNames.HOST, connector.target().authority());
        if (body.isReadable()) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
        }
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return req;
    }

    private void onGetResponse(FullHttpResponse res) {
        if (res.status().code() != 200) {
            peer.onFailure("poll answered " + res.status() + ": " + res.content().toString(StandardCharsets.UTF_8));
            get.close();
            return;
        }
        ByteBuf body = res.content();
        if (sid == null) {
            Matcher m = SID.matcher(body.toString(StandardCharsets.UTF_8));
            if (!m.find()) {
                peer.onFailure("no sid in the handshake");
                get.close();
                return;
            }
            sid = m.group(1);
            peer.onWireOpen(this);
        }
        int start = body.readerIndex();
        int end = body.writerIndex();
        while (start < end && get.isActive()) {
            int sep = body.indexOf(start, end, (byte) 0x1E);
            int packetEnd = sep < 0 ? end : sep;
            ByteBuf packet = body.slice(start, packetEnd - start);
            if (packet.isReadable() && packet.getByte(packet.readerIndex()) == 'b') {
                ByteBuf binary = Base64.decode(packet.slice(packet.readerIndex() + 1, packet.readableBytes() - 1));
                try {
                    peer.onBinary(binary);
                } finally {
                    binary.release();
                }
            } else {
                peer.onText(packet);
            }
            start = packetEnd + 1;
        }
        if (get.isActive()) {
            sendGet();
        }
    }

    private void onPostResponse() {
        postInFlight = false;
        flushOutbox();
    }

    private void flushOutbox() {
        if (postInFlight || outbox.isEmpty() || !get.isActive()) {
            return;
        }
        if (post == null) {
            if (!postConnecting) {
                postConnecting = true;
                connect(connector, new Handler(this::onPostActive, r -> onPostResponse()));
            }
            return;
        }
        String body = String.join("\u001e", outbox);
        outbox.clear();
        postInFlight = true;
        post.writeAndFlush(request(HttpMethod.POST, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
    }

    @Override
    public void sendText(String text) {
        if (!get.eventLoop().inEventLoop()) {
            get.eventLoop().execute(() -> sendText(text));
            return;
        }
        outbox.add(text);
        flushOutbox();
    }

    @Override
    public void sendTextThenBinary(String text, byte[] binary) {
        sendText(text);
        sendText("b" + java.util.Base64.getEncoder().encodeToString(binary));
    }

    @Override
    public Channel channel() {
        return get;
    }

    private void closed() {
        if (post != null) {
            post.close();
        }
        peer.onWireClosed();
    }

    /** Tells the wire when its connection is up, and hands it each whole response. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Consumer<Channel> onActive;
        private final Consumer<FullHttpResponse> onResponse;

        Handler(Consumer<Channel> onActive, Consumer<FullHttpResponse> onResponse) {
            this.onActive = onActive;
            this.onResponse = onResponse;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            super.channelActive(ctx);
            onActive.accept(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            onResponse.accept(res);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
