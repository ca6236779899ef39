// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session ids handed to administrators after a successful login (the admin UI's
 * {@code "session"} event), so that a reconnecting UI need not send the password again; Node's
 * {@code InMemoryStore}, but bounded: ids expire after a day and at most {@link #MAX} are kept.
 *
 * <p>Thread-safe.
 */
final class Sessions {

    static final int MAX = 10_000;
    private static final Duration TTL = Duration.ofHours(24);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    /** A new session id (128 random bits, hex). */
    String create() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        long now = System.nanoTime();
        if (expiries.size() >= MAX) {
            expiries.values().removeIf(expiry -> expiry - now < 0);
            Iterator<String> it = expiries.keySet().iterator();
            while (expiries.size() >= MAX && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        expiries.put(id, now + TTL.toNanos());
        return id;
    }

    /** Whether {@code id} is a live session. */
    boolean valid(String id) {
        Long expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (expiry - System.nanoTime() < 0) {
            expiries.remove(id, expiry);
            return false;
        }
        return true;
    }

    int size() {
        return expiries.size();
    }
}
