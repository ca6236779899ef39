// SPDX-License-Identifier: Apache-2.0
/**
 * An application on the module path using every published sio4j module, as a user's would.
 * Its own types travel as event arguments, so it opens their package to Jackson.
 */
module dev.sio4j.apicheck {
    requires dev.sio4j.server;
    requires dev.sio4j.client;
    requires dev.sio4j.redis;
    requires dev.sio4j.redis.streams;
    requires dev.sio4j.auth;
    requires com.nimbusds.jose.jwt; // to sign the token the app connects with
    requires dev.sio4j.admin;
    requires dev.sio4j.micrometer;
    requires dev.sio4j.spring; // the Spring Boot starter's descriptor, with Spring's automatic modules

    opens dev.sio4j.apicheck to com.fasterxml.jackson.databind;
}
