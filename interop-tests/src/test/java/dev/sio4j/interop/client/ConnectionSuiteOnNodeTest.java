// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

/** socket.io-client's suite, ported (connection part), against the official socket.io 4.8 server. */
class ConnectionSuiteOnNodeTest extends ConnectionSuite {
    @Override
    SuiteServer startServer() {
        return SuiteServer.node();
    }
}
