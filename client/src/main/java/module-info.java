// SPDX-License-Identifier: Apache-2.0
/**
 * The Java Socket.IO client on Netty. Values are mapped by Jackson: a module whose types are
 * listener arguments or emitted values opens their package to {@code com.fasterxml.jackson.databind}.
 */
module dev.sio4j.client {
    requires transitive dev.sio4j.protocol;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.codec.http;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires org.slf4j;

    exports dev.sio4j.client;
}
