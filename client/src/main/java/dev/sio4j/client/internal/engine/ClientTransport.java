// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import java.util.List;

/**
 * One Engine.IO transport of a client session: long-polling or WebSocket.
 *
 * <p>Confined to the session's event loop: every method must be called there, and every
 * {@link TransportListener} call happens there.
 */
abstract class ClientTransport {

    enum State { NEW, OPENING, OPEN, PAUSED, CLOSED }

    protected final EngineConfig config;
    protected final io.netty.channel.EventLoop loop;
    protected TransportListener listener;
    protected State state = State.NEW;
    protected boolean writable;
    protected String sid;
    /** The session's cookies ({@code withCredentials}), or null. */
    protected final CookieJar cookies;

    ClientTransport(EngineConfig config, io.netty.channel.EventLoop loop, String sid, CookieJar cookies) {
        this.config = config;
        this.loop = loop;
        this.sid = sid;
        this.cookies = cookies;
    }

    /** "polling" or "websocket", as in the query string. */
    abstract String name();

    void setListener(TransportListener listener) {
        this.listener = listener;
    }

    /** Starts connecting; {@link TransportListener#onOpen()} follows. */
    abstract void open();

    /** Writes packets; only while {@link #writable()}. */
    abstract void send(List<Outgoing> packets);

    /** Stops reading and writing once in-flight requests finish, then runs {@code onPaused}. */
    abstract void pause(Runnable onPaused);

    /** Closes without reporting anything more. */
    abstract void close();

    boolean writable() {
        return writable;
    }

    void setSid(String sid) {
        this.sid = sid;
    }

    /** Reports a failure once and closes. */
    protected void fail(String message, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        TransportListener l = listener;
        close();
        if (l != null) {
            l.onError(message, cause);
        }
    }
}
