// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import java.util.List;

/**
 * Tests a websocket next to a working polling session: sends {@code 2probe}, expects
 * {@code 3probe}, then hands over to {@link EngineClient#completeUpgrade}. A failed probe is
 * closed quietly and the session stays on polling, as in engine.io-client.
 *
 * <p>Confined to the session's event loop.
 */
final class Probe implements TransportListener {

    private final EngineClient engine;
    private final ClientTransport ws;
    private boolean done;

    Probe(EngineClient engine, ClientTransport ws) {
        this.engine = engine;
        this.ws = ws;
    }

    void start() {
        ws.setListener(this);
        ws.open();
    }

    @Override
    public void onOpen() {
        if (!engine.isOpen()) {
            abandon();
            return;
        }
        ws.send(List.of(new Outgoing(EnginePacket.of(EnginePacketType.PING, "probe"), false)));
    }

    @Override
    public void onPacket(EnginePacket packet) {
        if (done) {
            return;
        }
        if (packet.type() == EnginePacketType.PONG && "probe".equals(packet.text()) && engine.isOpen()) {
            done = true;
            engine.completeUpgrade(ws, this::abandon);
        } else {
            abandon();
        }
    }

    @Override
    public void onDrain() {
        // the probe's own write finished; nothing to do
    }

    @Override
    public void onError(String message, Throwable cause) {
        done = true;
        engine.setUpgrading(false);
    }

    @Override
    public void onClose() {
        if (!done) {
            done = true;
        }
    }

    private void abandon() {
        done = true;
        engine.setUpgrading(false);
        ws.close();
    }
}
