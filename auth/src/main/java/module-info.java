// SPDX-License-Identifier: Apache-2.0
/**
 * The JWT middleware for the sio4j server ({@code dev.sio4j.auth.JwtAuth}). Verification is
 * nimbus-jose-jwt's; EdDSA is checked with the JDK's Ed25519, so nimbus's optional Tink is not
 * needed.
 */
module dev.sio4j.auth {
    requires transitive dev.sio4j.server;
    requires com.nimbusds.jose.jwt;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.sio4j.auth;
}
