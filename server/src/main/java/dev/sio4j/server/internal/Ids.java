// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random socket ids and private session ids: 120 bits from SecureRandom, URL-safe base64
 * (20 characters), like socket.io's base64id but never derived from the Engine.IO sid. Also
 * short error ids that tie a log line to a failure.
 *
 * <p>Thread-safe (SecureRandom is).
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Encoders are immutable and thread-safe: one for all ids rather than one per id. */
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    static String newId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return URL_SAFE.encodeToString(b);
    }

    /** 8 lower-case hex digits: enough to find one log line, too short to be a secret. */
    static String errorId() {
        return HEX.toHexDigits(RANDOM.nextInt());
    }
}
