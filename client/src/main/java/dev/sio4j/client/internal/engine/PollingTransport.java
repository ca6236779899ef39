// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * HTTP long-polling: one pending GET that brings the server's packets, and POSTs that carry
 * ours. Each direction has its own keep-alive connection, so a POST never waits for the GET.
 *
 * <p>Confined to the session's event loop.
 */
final class PollingTransport extends ClientTransport {

    private final HttpConnection getConnection;
    private final HttpConnection postConnection;
    private boolean polling;
    private Runnable onPaused;

    PollingTransport(EngineConfig config, EventLoop loop, String sid, CookieJar cookies) {
        super(config, loop, sid, cookies);
        this.getConnection = new HttpConnection(config, loop, cookies);
        this.postConnection = new HttpConnection(config, loop, cookies);
    }

    @Override
    String name() {
        return "polling";
    }

    @Override
    void open() {
        state = State.OPENING;
        poll();
    }

    private void poll() {
        polling = true;
        getConnection.request(HttpMethod.GET, config.target(name(), sid), null, new HttpConnection.ResponseCallback() {
            @Override
            public void onResponse(int status, String body) {
                polling = false;
                if (status != 200) {
                    fail("xhr poll error", new java.io.IOException("HTTP " + status + " " + body));
                    return;
                }
                onPayload(body);
            }

            @Override
            public void onFailure(Throwable cause) {
                polling = false;
                fail("xhr poll error", cause);
            }
        });
    }

    private void onPayload(String body) {
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body, config.maxPacketsPerPayload());
        } catch (ProtocolException e) {
            fail("parse error", e);
            return;
        }
        for (EnginePacket packet : packets) {
            if (state == State.OPENING && packet.type() == EnginePacketType.OPEN) {
                state = State.OPEN;
                writable = true;
                listener.onOpen();
            }
            if (state == State.CLOSED) {
                return;
            }
            if (packet.type() == EnginePacketType.CLOSE) {
                TransportListener l = listener;
                close();
                l.onClose();
                return;
            }
            listener.onPacket(packet);
            if (state == State.CLOSED) {
                return;
            }
        }
        if (state == State.OPEN) {
            poll();
        } else if (onPaused != null) {
            maybePaused();
        }
    }

    @Override
    void send(List<Outgoing> packets) {
        writable = false;
        // compress is for WebSocket messages only; an HTTP request body is never compressed
        List<EnginePacket> plain = packets.stream().map(Outgoing::packet).toList();
        postConnection.request(HttpMethod.POST, config.target(name(), sid), EngineCodec.encodePayload(plain),
                new HttpConnection.ResponseCallback() {
                    @Override
                    public void onResponse(int status, String body) {
                        if (status != 200) {
                            fail("xhr post error", new java.io.IOException("HTTP " + status + " " + body));
                            return;
                        }
                        writable = true;
                        if (listener != null) {
                            listener.onDrain();
                        }
                        if (onPaused != null) {
                            maybePaused();
                        }
                    }

                    @Override
                    public void onFailure(Throwable cause) {
                        fail("xhr post error", cause);
                    }
                });
    }

    @Override
    void pause(Runnable onPaused) {
        state = State.PAUSED;
        this.onPaused = onPaused;
        maybePaused();
    }

    private void maybePaused() {
        if (!polling && writable && onPaused != null && state == State.PAUSED) {
            Runnable r = onPaused;
            onPaused = null;
            r.run();
        }
    }

    @Override
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        listener = null;
        getConnection.close();
        if (wasOpen && writable) {
            // Tell the server right away instead of letting the session time out; nobody waits
            // for the answer, and a closed connection is closed again harmlessly.
            HttpConnection last = postConnection;
            last.request(HttpMethod.POST, config.target(name(), sid),
                    EngineCodec.encode(EnginePacket.of(EnginePacketType.CLOSE)),
                    new HttpConnection.ResponseCallback() {
                        @Override
                        public void onResponse(int status, String body) {
                            last.close();
                        }

                        @Override
                        public void onFailure(Throwable cause) {
                            last.close();
                        }
                    });
        } else {
            postConnection.close();
        }
    }
}
