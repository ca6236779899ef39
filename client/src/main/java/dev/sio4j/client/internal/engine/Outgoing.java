// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EnginePacket;

/**
 * A packet waiting in a session's write buffer, with whether it may be compressed (the emit's
 * {@code compress} flag; only a WebSocket with permessage-deflate acts on it).
 *
 * <p>Immutable, thread-safe.
 *
 * @param packet   the Engine.IO packet
 * @param compress whether the transport may compress it
 */
record Outgoing(EnginePacket packet, boolean compress) {
}
