// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

/** socket.io-client's suite, ported (reconnection part), against the official socket.io 4.8 server. */
class ReconnectionSuiteOnNodeTest extends ReconnectionSuite {
    @Override
    SuiteServer startServer() {
        return SuiteServer.node();
    }
}
