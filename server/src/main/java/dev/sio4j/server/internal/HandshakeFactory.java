// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.internal.FrozenMultiMap;
import dev.sio4j.engine.internal.SharedNames;
import dev.sio4j.server.Handshake;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a socket's {@link Handshake} from the Engine.IO handshake request and the CONNECT auth.
 *
 * <p>Thread-safe. Its one piece of state is the last formatted handshake time: connections made
 * in the same second (thousands when a fleet reconnects) share one immutable string instead of
 * each formatting and keeping its own; the cache is a single immutable record in a volatile
 * field, so a racing reader sees either the old or the new entry whole.
 */
final class HandshakeFactory {

    /** A formatted second: the zone and epoch second it was made for, and the text. */
    private record FormattedSecond(ZoneId zone, long epochSecond, String text) {
    }

    private static volatile FormattedSecond lastTime;

    /** JavaScript's {@code Date.prototype.toString()} shape. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.US);

    private HandshakeFactory() {
    }

    static Handshake of(EngineRequest req, ObjectNode auth) {
        Map<String, List<String>> headers = lowerCaseHeaders(req.headers());
        // The client's, not the TCP peer's: behind a trusted proxy the forwarded address.
        InetAddress client = req.clientAddress();
        String address = client == null ? "" : client.getHostAddress();
        String time = jsDateShared(req.time(), ZoneId.systemDefault());
        return new Handshake(headers, req.query(), auth.deepCopy(), address, time, req.time().toEpochMilli(),
                req.secure(), req.header("origin") != null, req.url());
    }

    /** {@code name} lower case; a common name as the one shared instance (the engine's table). */
    static String lowerName(String name) {
        return SharedNames.lower(name);
    }

    /**
     * {@code headers} with lower-case names, in their order, as the immutable map the
     * {@link Handshake} keeps without copying. The engine's headers already hold each name once
     * whatever its case, so this is one pass into two arrays; names that still meet once lower
     * case (another {@link EngineRequest}) have their values joined in order.
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> lowerCaseHeaders(Map<String, List<String>> headers) {
        String[] names = new String[headers.size()];
        List<String>[] values = new List[names.length];
        int n = 0;
        // Past a few dozen names a scan per name would be quadratic in what a client sends.
        Map<String, Integer> index = names.length > 32 ? new HashMap<>() : null;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String name = lowerName(e.getKey());
            List<String> v = List.copyOf(e.getValue()); // the engine's lists are immutable: no copy
            int seen = index != null ? index.getOrDefault(name, -1) : indexOf(names, n, name);
            if (index != null && seen < 0) {
                index.put(name, n);
            }
            if (seen >= 0) {
                List<String> all = new ArrayList<>(values[seen]);
                all.addAll(v);
                values[seen] = List.copyOf(all);
            } else {
                names[n] = name;
                values[n++] = v;
            }
        }
        if (n < names.length) {
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
        }
        return FrozenMultiMap.own(names, values);
    }

    private static int indexOf(String[] names, int n, String name) {
        for (int i = 0; i < n; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code instant} as JavaScript's {@code Date.prototype.toString()} writes it in {@code zone}
     * (Node uses the process's local zone, so the handshake's {@code time} does too), with English
     * names whatever the default locale.
     */
    static String jsDate(Instant instant, ZoneId zone) {
        return JS_DATE.format(instant.atZone(zone));
    }

    /**
     * {@link #jsDate}, the same string instance for every call within one second and zone (the
     * format has no finer field).
     */
    static String jsDateShared(Instant instant, ZoneId zone) {
        FormattedSecond last = lastTime;
        long second = instant.getEpochSecond();
        if (last != null && last.epochSecond() == second && last.zone().equals(zone)) {
            return last.text();
        }
        String text = jsDate(instant, zone);
        lastTime = new FormattedSecond(zone, second, text);
        return text;
    }
}