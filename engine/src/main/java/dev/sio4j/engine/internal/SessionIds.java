// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes session ids: 144 bits from {@link SecureRandom}, URL-safe base64 without padding
 * (24 characters). One instance per server. Thread-safe (SecureRandom is).
 */
final class SessionIds {

    private static final int BYTES = 18;

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
