// SPDX-License-Identifier: Apache-2.0
/**
 * The Socket.IO v5 server. Listener arguments are mapped by Jackson: a module whose types are
 * listener arguments or emitted values opens their package to {@code com.fasterxml.jackson.databind}.
 */
module dev.sio4j.server {
    requires transitive dev.sio4j.engine;
    requires transitive dev.sio4j.adapter;
    requires org.slf4j;

    exports dev.sio4j.server;
}
