// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CookieOptions;

/** Serializes the session cookie as the {@code cookie} npm module does. Stateless; thread-safe. */
final class Cookies {

    private Cookies() {
    }

    static String serialize(CookieOptions c, String value, boolean secure) {
        StringBuilder b = new StringBuilder(c.name()).append('=').append(value);
        if (c.maxAge() != null) {
            b.append("; Max-Age=").append(c.maxAge().toSeconds());
        }
        if (c.domain() != null) {
            b.append("; Domain=").append(c.domain());
        }
        if (c.path() != null) {
            b.append("; Path=").append(c.path());
        }
        if (c.httpOnly()) {
            b.append("; HttpOnly");
        }
        if (c.sameSite() != null) {
            b.append("; SameSite=").append(c.sameSite());
        }
        if (secure) {
            b.append("; Secure");
        }
        return b.toString();
    }
}
