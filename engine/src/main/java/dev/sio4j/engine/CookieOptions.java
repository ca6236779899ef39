// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The session cookie engine.io sets on the handshake response when its {@code cookie} option is
 * on: the sid under {@link #name()} (default {@code io}), path {@code /}, HttpOnly, SameSite Lax.
 * The cookie is off unless given to {@link EngineOptions.Builder#cookie(CookieOptions)}. Under
 * TLS the {@code Secure} flag is always added.
 *
 * <pre>{@code
 * EngineOptions.builder().cookie(CookieOptions.defaults()).build();
 * }</pre>
 *
 * @param name     cookie name, default {@code io}
 * @param path     cookie path, default {@code /}; null omits the attribute
 * @param httpOnly whether to add HttpOnly, default true
 * @param sameSite the SameSite value ({@code Strict}, {@code Lax}, {@code None}), default {@code Lax}; null omits it
 * @param maxAge   Max-Age, default null (a session cookie)
 * @param domain   Domain attribute, default null (omitted)
 *
 * <p>Immutable and thread-safe.
 */
public record CookieOptions(String name, String path, boolean httpOnly, String sameSite, Duration maxAge, String domain) {

    public CookieOptions {
        Objects.requireNonNull(name, "name");
        if (!isCookieToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        for (String v : new String[] {path, sameSite, domain}) {
            if (v != null && !isCookieValue(v)) {
                throw new IllegalArgumentException("invalid cookie attribute: " + v);
            }
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }

    /** engine.io's default cookie: {@code io}, path {@code /}, HttpOnly, SameSite Lax. */
    public static CookieOptions defaults() {
        return new CookieOptions("io", "/", true, "Lax", null, null);
    }

    /** The same settings under another name. */
    public CookieOptions withName(String newName) {
        return new CookieOptions(newName, path, httpOnly, sameSite, maxAge, domain);
    }

    private static boolean isCookieToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCookieValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == ';') {
                return false;
            }
        }
        return true;
    }
}
