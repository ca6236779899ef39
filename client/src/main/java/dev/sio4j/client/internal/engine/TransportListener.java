// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EnginePacket;

/**
 * What a {@link ClientTransport} reports to its session.
 *
 * <p>Confined to the session's event loop: every call runs there.
 */
interface TransportListener {

    /** The transport is usable (polling: right away; websocket: after the handshake). */
    void onOpen();

    /** Packets arrived, in order. */
    void onPacket(EnginePacket packet);

    /** Everything given to {@link ClientTransport#send} was written. */
    void onDrain();

    /** The transport failed; it will not be used again. */
    void onError(String message, Throwable cause);

    /** The transport closed. */
    void onClose();
}
