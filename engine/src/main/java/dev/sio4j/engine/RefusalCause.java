// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

/**
 * Why the server refused a request or ended a session: because of what a client sent, or (only
 * {@link #UNAVAILABLE}) because the server is going away; the keys of {@link RefusalCounts} and
 * the cause of a {@link ConnectionError}.
 */
public enum RefusalCause {
    /** A browser page of a disallowed origin, or no Origin where one is required. */
    ORIGIN,
    /** The application said no: {@code allowRequest}, or a namespace middleware (CONNECT_ERROR). */
    AUTH,
    /**
     * A connection or rate limit: connections or handshakes per address, control packets per
     * session, namespaces per connection, connections per user, events, bytes or arguments
     * per socket.
     */
    LIMIT,
    /**
     * An HTTP request the engine does not serve: malformed, oversized (headers, line, body), an
     * engine.io error code 0-5, a bad WebSocket handshake, a namespace that does not exist.
     */
    BAD_REQUEST,
    /** A WebSocket frame that breaks RFC 6455 or the size limits (closed with 1002, 1007, 1009). */
    BAD_FRAME,
    /**
     * A session that broke the Engine.IO or Socket.IO protocol: a packet that does not parse,
     * a ping from the client, overlapping polls, a packet the state does not allow.
     */
    PROTOCOL_VIOLATION,
    /**
     * The server is draining ({@code SocketIoServer.shutdown}): a new session, or a request of a
     * session it no longer holds, answered with 503 so a load balancer and the client try
     * another node. Not the client's fault; counted apart so that alerts on bad input stay quiet
     * during a deploy.
     */
    UNAVAILABLE
}
