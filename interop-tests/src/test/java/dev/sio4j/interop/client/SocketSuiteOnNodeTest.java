// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

/** socket.io-client's socket suite, ported, against the official socket.io 4.8 server. */
class SocketSuiteOnNodeTest extends SocketSuite {
    @Override
    SuiteServer startServer() {
        return SuiteServer.node();
    }
}
