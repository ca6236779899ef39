// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

/**
 * Why an {@link EngineSocket} closed, with the reason strings engine.io 6.6 passes to
 * {@code socket.on("close", reason)} (the Socket.IO layer passes them on as disconnect reasons).
 *
 * <p>How each engine.io reason arises here:
 * <ul>
 *   <li>{@code "transport close"}: the client closed the WebSocket or the TCP connection, or sent
 *       a CLOSE packet;</li>
 *   <li>{@code "transport error"}: a transport rule was broken or the transport failed: overlapping
 *       polls ({@code "overlap from client"}) or POSTs, a binary POST ({@code "invalid content"}),
 *       a polling GET or POST whose connection closed before its answer ({@code "poll connection
 *       closed prematurely"}, {@code "data request connection closed prematurely"}), a ping from the
 *       client ({@code "invalid heartbeat direction"}), a WebSocket protocol violation, a full
 *       outbound queue; the description says which;</li>
 *   <li>{@code "ping timeout"}: no pong within pingTimeout;</li>
 *   <li>{@code "parse error"}: an undecodable packet or payload;</li>
 *   <li>{@code "forced close"}: the server closed the session: {@link EngineSocket#close()}, or
 *       {@link EngineServer#close()} (engine.io's {@code server.close()} also reports
 *       {@code "forced close"}).</li>
 * </ul>
 * {@link #SERVER_SHUTTING_DOWN} has the wire name {@code "forced close"}, like engine.io, but a
 * constant of its own so that the Socket.IO layer can report socket.io's {@code "server shutting
 * down"} disconnect reason (socket.io closes its sockets with that reason before closing the
 * engine).
 *
 * <pre>{@code
 * public void onClose(CloseReason reason, String description) {
 *     if (reason == CloseReason.PING_TIMEOUT) metrics.count("engine.ping_timeout");
 *     log.info("session closed: {} ({})", reason.wireName(), description);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CloseReason {
    /** The client closed the transport (TCP closed, WebSocket closed, or a CLOSE packet). */
    TRANSPORT_CLOSE("transport close"),
    /**
     * The transport failed or the client broke a transport rule: overlapping polls, a ping sent
     * by the client, a request aborted before its answer, a full outbound queue, an I/O error.
     * The description says which.
     */
    TRANSPORT_ERROR("transport error"),
    /** No pong arrived within pingTimeout after a ping. */
    PING_TIMEOUT("ping timeout"),
    /** The server application called {@link EngineSocket#close()}. */
    FORCED_CLOSE("forced close"),
    /** The client sent a packet or payload that could not be decoded. */
    PARSE_ERROR("parse error"),
    /**
     * {@link EngineServer#close()} closed every session. Its wire name is engine.io's
     * {@code "forced close"}; the Socket.IO layer maps it to {@code "server shutting down"}.
     */
    SERVER_SHUTTING_DOWN("forced close");

    private final String wireName;

    CloseReason(String wireName) {
        this.wireName = wireName;
    }

    /** The reason as engine.io names it, e.g. {@code "ping timeout"}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
