// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.engine.EngineMessage;

/**
 * A broadcast packet prepared once as an {@link EngineMessage} (frames built once, each socket
 * sends retained duplicates), with the volatile flag of its emission.
 *
 * <p>Thread-safe (EngineMessage is).
 */
record PreparedEngineMessage(EngineMessage message, boolean volatile_) implements PreparedPacket {

    @Override
    public void close() {
        message.close();
    }
}
