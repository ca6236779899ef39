package dev.sio4j.engine;

/**
 * Why an {@link EngineSocket} closed, with the reason strings engine.io 6.6 uses (the Socket.IO
 * layer passes them on as disconnect reasons).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CloseReason {
    /** The client closed the transport (TCP closed, WebSocket closed, or a CLOSE packet). */
    TRANSPORT_CLOSE("transport close"),
    /**
     * The transport failed or the client broke a transport rule: overlapping polls, a ping sent
     * by the client, a full outbound queue, an I/O error. The description says which.
     */
    TRANSPORT_ERROR("transport error"),
    /** No pong arrived within pingTimeout after a ping. */
    PING_TIMEOUT("ping timeout"),
    /** The server application called {@link EngineSocket#close()}. */
    FORCED_CLOSE("forced close"),
    /** The client sent a packet or payload that could not be decoded. */
    PARSE_ERROR("parse error"),
    /** {@link EngineServer#close()} closed every session. */
    SERVER_SHUTTING_DOWN("server shutting down");

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
