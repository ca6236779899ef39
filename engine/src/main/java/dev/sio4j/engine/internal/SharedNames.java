// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One shared instance of each header name, header value, path and query token that nearly every
 * request carries, so the request snapshot a session keeps for life does not hold its own copy
 * of "Host", "Sec-WebSocket-Key", "EIO" or "websocket" (the decoder makes a new string for each,
 * per request). The table is fixed: names a client makes up are kept as they came, so a client
 * cannot grow it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SharedNames {

    /** Header names as browsers and clients write them; each is also shared lower case. */
    private static final List<String> HEADERS = List.of(
            "Host", "Connection", "Upgrade", "Origin", "User-Agent", "Accept", "Accept-Encoding",
            "Accept-Language", "Cache-Control", "Pragma", "Cookie", "Referer", "Content-Type", "Content-Length",
            "Authorization", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
            "Sec-WebSocket-Protocol", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User",
            "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-GPC", "DNT", "Priority",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "Forwarded", "Via");

    /** Engine.IO's query keys and their usual values, the usual path, and header values every upgrade sends. */
    private static final List<String> TOKENS = List.of("EIO", "4", "3", "transport", "websocket", "polling", "sid", "t",
            "b64", "/socket.io/", "Upgrade", "upgrade", "keep-alive", "Keep-Alive", "13", "no-cache", "*/*",
            "permessage-deflate; client_max_window_bits");

    private static final Map<String, String> SHARED;
    /** Each token, to the one shared list holding just it. */
    private static final Map<String, List<String>> SINGLETONS;
    /** Each header name as written and lower case, to its shared lower-case instance. */
    private static final Map<String, String> LOWER;

    static {
        Map<String, String> m = new HashMap<>();
        Map<String, String> lowers = new HashMap<>();
        for (String name : HEADERS) {
            m.put(name, name);
            String lower = name.toLowerCase(Locale.ROOT);
            m.put(lower, lower);
            lowers.put(name, lower);
            lowers.put(lower, lower);
        }
        for (String token : TOKENS) {
            m.put(token, token);
        }
        SHARED = Map.copyOf(m);
        LOWER = Map.copyOf(lowers);
        Map<String, List<String>> lists = new HashMap<>();
        for (String token : TOKENS) {
            lists.put(token, List.of(token));
        }
        SINGLETONS = Map.copyOf(lists);
    }

    private SharedNames() {
    }

    /**
     * The shared instance equal to {@code s}, or {@code s} itself. The server's handshake uses it
     * too, for the lower-case header names it keeps per socket.
     */
    public static String share(String s) {
        String shared = SHARED.get(s);
        return shared == null ? s : shared;
    }

    /**
     * {@code name} lower case, as the one shared instance for a common header name. A known name
     * is found as written, so the server's handshake does not lowercase (and copy) "Host" or
     * "Sec-WebSocket-Key" again for every connection.
     */
    public static String lower(String name) {
        String shared = LOWER.get(name);
        return shared != null ? shared : share(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The immutable list of {@code value} alone: for a common token ("4", "websocket", "13",
     * "Upgrade") one shared list, so that "EIO=4" or "Upgrade: websocket" costs an idle session no
     * list of its own.
     */
    public static List<String> listOf(String value) {
        List<String> shared = SINGLETONS.get(value);
        return shared != null ? shared : List.of(share(value));
    }
}
