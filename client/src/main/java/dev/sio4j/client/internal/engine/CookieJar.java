// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.internal.HttpDates;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cookies one Engine.IO session received ({@code withCredentials}): every {@code Set-Cookie}
 * of a polling response is kept by name, and every later request of the session (polling and
 * the WebSocket handshake) sends them back, as engine.io-client's jar does in Node. Sticky
 * sessions behind a load balancer and the server's {@code io} cookie rely on it.
 *
 * <p>Deliberately small, like the JS jar: no domain or path matching (every request of a session
 * goes to one origin), {@code Expires} (in every HTTP date form, see {@link HttpDates}) and
 * {@code Max-Age} honoured (zero, negative or unparseable means deleted), other attributes ignored. At most {@value #MAX_COOKIES} cookies
 * of at most {@value #MAX_VALUE_LENGTH} characters are kept, so a server cannot grow it without
 * bound.
 *
 * <p>Confined to the session's event loop.
 */
final class CookieJar {

    static final int MAX_COOKIES = 50;
    static final int MAX_VALUE_LENGTH = 4096;

    private record Cookie(String value, Instant expires) {
    }

    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private final Supplier<Instant> clock;

    CookieJar() {
        this(Instant::now);
    }

    /** For tests: an injectable clock. */
    CookieJar(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** Takes the {@code Set-Cookie} header values of one response. */
    void parse(List<String> setCookies) {
        for (String header : setCookies) {
            parseOne(header);
        }
    }

    private void parseOne(String header) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        if (name.isEmpty() || name.length() + value.length() > MAX_VALUE_LENGTH || !isToken(name)) {
            return;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!isCookieValue(value)) {
            return;
        }
        Instant expires = null;
        Instant maxAge = null;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int at = attr.indexOf('=');
            if (at < 0) {
                continue;
            }
            String key = attr.substring(0, at).trim().toLowerCase(Locale.ROOT);
            String v = attr.substring(at + 1).trim();
            if (key.equals("expires")) {
                expires = parseDate(v);
            } else if (key.equals("max-age")) {
                maxAge = parseMaxAge(v);
            }
        }
        // RFC 6265 5.3: Max-Age wins over Expires
        Instant expiry = maxAge != null ? maxAge : expires;
        cookies.remove(name);
        if (expiry != null && !expiry.isAfter(clock.get())) {
            return; // a deletion
        }
        if (cookies.size() >= MAX_COOKIES) {
            return;
        }
        cookies.put(name, new Cookie(value, expiry));
    }

    private Instant parseMaxAge(String v) {
        try {
            long seconds = Long.parseLong(v);
            return seconds <= 0 ? Instant.EPOCH : clock.get().plusSeconds(Math.min(seconds, 400L * 24 * 3600));
        } catch (NumberFormatException e) {
            return Instant.EPOCH; // unparseable: not kept, as the JS jar does
        }
    }

    private static Instant parseDate(String v) {
        Instant date = HttpDates.parse(v);
        // an unparseable date must not keep a deleted cookie forever
        return date != null ? date : Instant.EPOCH;
    }

    /** The {@code Cookie} header value, or null when the jar is empty; drops expired cookies. */
    String header() {
        Instant now = clock.get();
        cookies.values().removeIf(c -> c.expires != null && !c.expires.isAfter(now));
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        cookies.forEach((name, c) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(name).append('=').append(c.value);
        });
        return sb.toString();
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCookieValue(String s) {
        // no control characters, so a value can never split the request header
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f || c == ';' || c == ',' || c == '"' || c == '\\' || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
