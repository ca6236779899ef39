// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import java.time.Instant;
import java.util.Map;

/**
 * A token whose signature and claims passed.
 *
 * @param subject   its {@code sub}
 * @param expiresAt its {@code exp}
 * @param claims    every claim as JSON values (dates as epoch seconds), unmodifiable
 */
public record VerifiedToken(String subject, Instant expiresAt, Map<String, Object> claims) {
}
