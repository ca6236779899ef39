// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.server.Handshake;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a socket's {@link Handshake} from the Engine.IO handshake request and the CONNECT auth.
 *
 * <p>Stateless and thread-safe.
 */
final class HandshakeFactory {

    /** JavaScript's {@code Date.prototype.toString()} shape. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.US);

    private HandshakeFactory() {
    }

    static Handshake of(EngineRequest req, ObjectNode auth) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach((k, v) -> headers.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
            List<String> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }));
        // The client's, not the TCP peer's: behind a trusted proxy the forwarded address.
        InetAddress client = req.clientAddress();
        String address = client == null ? "" : client.getHostAddress();
        String time = jsDate(req.time(), ZoneId.systemDefault());
        return new Handshake(headers, req.query(), auth.deepCopy(), address, time, req.time().toEpochMilli(),
                req.secure(), req.header("origin") != null, req.url());
    }

    /**
     * {@code instant} as JavaScript's {@code Date.prototype.toString()} writes it in {@code zone}
     * (Node uses the process's local zone, so the handshake's {@code time} does too), with English
     * names whatever the default locale.
     */
    static String jsDate(Instant instant, ZoneId zone) {
        return JS_DATE.format(instant.atZone(zone));
    }
}