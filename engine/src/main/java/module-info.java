// SPDX-License-Identifier: Apache-2.0
/**
 * The Engine.IO v4 server on Netty. Netty's transport, handler (TLS), buffer and HTTP types
 * appear in its options, hooks and messages, so those modules come with it. The native epoll transport is
 * optional: it is used when its classes and the native library are present, NIO otherwise.
 */
@SuppressWarnings("module") // qualified exports name modules built after this one
module dev.sio4j.engine {
    requires transitive dev.sio4j.protocol;
    requires transitive io.netty.buffer;
    requires transitive io.netty.transport;
    requires transitive io.netty.handler;
    requires transitive io.netty.codec.http; // HttpFallback, InitialHeaders
    requires transitive io.netty.common;     // EventLoop in EngineSocket
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires static io.netty.transport.classes.epoll;
    requires org.slf4j;

    exports dev.sio4j.engine;
    // The server module runs the engine in process and shares its limiters and refusal counters.
    exports dev.sio4j.engine.internal to dev.sio4j.server;
}
