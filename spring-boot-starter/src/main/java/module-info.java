// SPDX-License-Identifier: Apache-2.0
/**
 * The Spring Boot starter of the sio4j server: auto-configuration, {@code sio4j.*} properties,
 * annotated listener beans, the Redis adapter on Spring's Lettuce connection and Spring Security
 * for handshakes. Spring's jars are automatic modules (their manifests name them); the Redis and
 * Security parts are optional ({@code requires static}) and apply when the application has them.
 */
module dev.sio4j.spring {
    requires transitive dev.sio4j.server;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.context;
    requires transitive spring.beans;
    requires transitive spring.core;
    requires spring.aop;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    requires static dev.sio4j.redis;
    requires static dev.sio4j.micrometer;
    requires static micrometer.core;
    requires static lettuce.core;
    requires static spring.data.redis;
    requires static spring.security.core;
    requires static reactor.core;
    requires static spring.boot.reactor.netty;
    requires static reactor.netty.core;
    requires static reactor.netty.http;
    requires static io.netty.codec.http;

    exports dev.sio4j.spring;
    // Spring reads the auto-configuration classes and the properties bean reflectively.
    opens dev.sio4j.spring to spring.core, spring.beans, spring.context, spring.boot;
}
