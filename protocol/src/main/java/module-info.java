// SPDX-License-Identifier: Apache-2.0
/**
 * The Engine.IO v4 and Socket.IO v5 codecs: pure, no I/O, shared by the server and the client.
 * Payloads are Jackson trees, so Jackson's databind comes with this module.
 */
@SuppressWarnings("module") // qualified exports name modules built after this one
module dev.sio4j.protocol {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.sio4j.protocol;
    exports dev.sio4j.protocol.engineio;
    exports dev.sio4j.protocol.socketio;
    // The client's cookie jar reads HTTP dates with the same code that writes them.
    exports dev.sio4j.protocol.internal to dev.sio4j.client;
}
