// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.internal.engine.EngineClient;
import dev.sio4j.client.internal.engine.EngineConfig;
import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.socketio.SocketPacket;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds each Engine.IO session of a manager and turns its frames into Socket.IO packets with a
 * fresh strict decoder per session. Callbacks of a session that was replaced are ignored.
 *
 * <p>Confined to the manager's event loop (except construction).
 */
final class Connection {

    private final ManagerSession owner;
    private final Codec codec;
    private final EngineConfig config;
    private final boolean rememberUpgrade;
    private Object current;
    private boolean priorWebsocketSuccess;

    Connection(ManagerSession owner, Codec codec, URI uri, ClientOptions options) {
        this.owner = owner;
        this.codec = codec;
        this.rememberUpgrade = options.rememberUpgrade();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        String path = options.path().endsWith("/") ? options.path() : options.path() + "/";
        Map<String, String> query = new LinkedHashMap<>(parseQuery(uri.getRawQuery()));
        query.putAll(options.query());
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URI has no host: " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        this.config = new EngineConfig(secure, host, port, path, Map.copyOf(query), options.extraHeaders(),
                options.transports(), options.upgrade(), options.sslContext(), options.insecureTrustAll(),
                options.maxIncomingBytes(), options.maxPacketsPerPayload(),
                (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()), options.withCredentials(),
                options.perMessageDeflate() ? options.perMessageDeflateThreshold() : -1, null);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    EngineConfig config() {
        return config;
    }

    /** A new session on {@code loop}, resolving the host with {@code resolvers}. */
    EngineClient newEngine(EventLoop loop, AddressResolverGroup<InetSocketAddress> resolvers) {
        Session session = new Session();
        current = session;
        boolean websocketFirst = rememberUpgrade && priorWebsocketSuccess
                && config.transports().contains(Transport.WEBSOCKET);
        EngineClient engine = new EngineClient(config.withResolvers(resolvers), loop, websocketFirst, session);
        session.engine = engine;
        return engine;
    }

    /** Forget the current session: its remaining callbacks are ignored. */
    void detach() {
        current = null;
    }

    private final class Session implements EngineClient.Listener {
        private final Codec.Decoder decoder = codec.newDecoder();
        private EngineClient engine;

        private boolean live() {
            return current == this;
        }

        @Override
        public void onOpen(EngineClient engine) {
            if (live()) {
                owner.onEngineOpen();
            }
        }

        @Override
        public void onMessage(String text) {
            if (!live()) {
                return;
            }
            SocketPacket packet;
            try {
                packet = decoder.onText(text);
            } catch (ProtocolException e) {
                owner.onParseError(e);
                return;
            }
            if (packet != null) {
                markWebsocket();
                owner.onPacket(packet);
            }
        }

        @Override
        public void onBinary(byte[] data) {
            if (!live()) {
                return;
            }
            SocketPacket packet;
            try {
                packet = decoder.onBinary(data);
            } catch (ProtocolException e) {
                owner.onParseError(e);
                return;
            }
            if (packet != null) {
                owner.onPacket(packet);
            }
        }

        private void markWebsocket() {
            // rememberUpgrade: a websocket that carried traffic is worth trying first next time
            if (engine != null && engine.usesWebsocket()) {
                priorWebsocketSuccess = true;
            }
        }

        @Override
        public void onPing() {
            if (live()) {
                owner.onPing();
            }
        }

        @Override
        public void onError(String message, Throwable cause) {
            if (live()) {
                priorWebsocketSuccess = false;
                owner.onEngineError(message, cause);
            }
        }

        @Override
        public void onClose(String reason, Throwable cause) {
            if (live()) {
                owner.onEngineClose(reason, cause);
            }
        }
    }
}
