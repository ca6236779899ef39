// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

/** socket.io-client's socket suite, ported, against the sio4j conformance app (client profile). */
class SocketSuiteOnSio4jTest extends SocketSuite {
    @Override
    SuiteServer startServer() throws Exception {
        return SuiteServer.sio4jConformance();
    }
}
