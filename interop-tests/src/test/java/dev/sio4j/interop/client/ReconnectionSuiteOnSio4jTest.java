// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

/** socket.io-client's suite, ported (reconnection part), against the sio4j conformance app (client profile). */
class ReconnectionSuiteOnSio4jTest extends ReconnectionSuite {
    @Override
    SuiteServer startServer() throws Exception {
        return SuiteServer.sio4jConformance();
    }
}
