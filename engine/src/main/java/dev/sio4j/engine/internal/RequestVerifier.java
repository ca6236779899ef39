// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.Transport;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks an Engine.IO request's query against engine.io's rules, in engine.io's order: transport,
 * Origin characters, sid (unknown, transport mismatch), then for a handshake: method, websocket
 * without upgrade, and protocol version. CORS and allowRequest are checked by the caller.
 * Stateless apart from the options; thread-safe. The session lookup reads a concurrent map.
 */
final class RequestVerifier {

    /**
     * The outcome: an error with its name (engine.io's context name where it has one), or the
     * transport and (for non-handshakes) the session.
     */
    record Result(EngineError error, String detail, Transport transport, Session session) {
        boolean ok() {
            return error == null;
        }

        boolean handshake() {
            return session == null;
        }
    }

    private final EngineOptions options;
    private final Function<String, Session> sessions;

    RequestVerifier(EngineOptions options, Function<String, Session> sessions) {
        this.options = options;
        this.sessions = sessions;
    }

    Result verify(HttpMethod method, Map<String, List<String>> query, String origin, boolean upgrade) {
        List<String> transports = query.get("transport");
        if (transports == null || transports.size() != 1) {
            return transports == null ? error(EngineError.UNKNOWN_TRANSPORT, "UNKNOWN_TRANSPORT")
                    : error(EngineError.BAD_REQUEST, "REPEATED_TRANSPORT");
        }
        Transport transport = Transport.fromWireName(transports.get(0));
        if (transport == null || !options.transports().contains(transport)) {
            return error(EngineError.UNKNOWN_TRANSPORT, "UNKNOWN_TRANSPORT");
        }
        if (origin != null && hasInvalidHeaderChar(origin)) {
            return error(EngineError.BAD_REQUEST, "INVALID_ORIGIN");
        }
        if (upgrade && transport != Transport.WEBSOCKET) {
            return error(EngineError.BAD_REQUEST, "UPGRADE_ON_POLLING");
        }
        List<String> sids = query.get("sid");
        if (sids != null) {
            if (sids.size() != 1) {
                return error(EngineError.BAD_REQUEST, "REPEATED_SID");
            }
            Session session = sessions.apply(sids.get(0));
            if (session == null) {
                return error(EngineError.UNKNOWN_SID, "UNKNOWN_SID");
            }
            if (!upgrade && session.transport() != transport) {
                return error(EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
            }
            return new Result(null, null, transport, session);
        }
        if (!HttpMethod.GET.equals(method)) {
            return error(EngineError.BAD_HANDSHAKE_METHOD, "BAD_HANDSHAKE_METHOD");
        }
        if (transport == Transport.WEBSOCKET && !upgrade) {
            return error(EngineError.BAD_REQUEST, "TRANSPORT_HANDSHAKE_ERROR");
        }
        List<String> eio = query.get("EIO");
        if (eio == null || eio.size() != 1 || !"4".equals(eio.get(0))) {
            return error(EngineError.UNSUPPORTED_PROTOCOL_VERSION, "UNSUPPORTED_PROTOCOL_VERSION");
        }
        return new Result(null, null, transport, null);
    }

    private static Result error(EngineError e, String detail) {
        return new Result(e, detail, null, null);
    }

    /** Node's field-vchar rule: HTAB, SP..~ and obs-text (0x80-0xFF) only. */
    static boolean hasInvalidHeaderChar(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean valid = c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
            if (!valid) {
                return true;
            }
        }
        return false;
    }
}
