// SPDX-License-Identifier: Apache-2.0
/**
 * The server side of the official Socket.IO admin UI ({@code @socket.io/admin-ui}) for sio4j:
 * {@link dev.sio4j.admin.AdminUi#instrument}. Only the API package is exported.
 */
@SuppressWarnings("requires-automatic")
module dev.sio4j.admin {
    requires transitive dev.sio4j.server;
    requires org.slf4j;
    requires java.management;
    // at.favre.lib:bcrypt has no module name of its own: its automatic module is named after the jar
    requires bcrypt;

    exports dev.sio4j.admin;
}
