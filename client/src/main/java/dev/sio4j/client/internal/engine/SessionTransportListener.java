// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EnginePacket;

/**
 * Hands the reports of a session's current transport to its {@link EngineClient}. A probing
 * websocket reports to its {@link Probe} instead until the upgrade installs it.
 *
 * <p>Confined to the session's event loop.
 */
final class SessionTransportListener implements TransportListener {

    private final EngineClient engine;

    SessionTransportListener(EngineClient engine) {
        this.engine = engine;
    }

    @Override
    public void onOpen() {
        // polling opens on the OPEN packet, handled in onPacket; websocket opens here
    }

    @Override
    public void onPacket(EnginePacket packet) {
        engine.onPacket(packet);
    }

    @Override
    public void onDrain() {
        engine.onDrain();
    }

    @Override
    public void onError(String message, Throwable cause) {
        engine.onError(message, cause);
    }

    @Override
    public void onClose() {
        engine.onClose("transport close", null);
    }
}
