// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import picocli.CommandLine.Option;

/**
 * The chat's admin UI options, mixed into {@link ChatMain}'s command line:
 * {@code --admin [--admin-password P]}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class AdminFlags {

    @Option(names = "--admin",
            description = "Serve the official Socket.IO admin UI at /admin/ and instrument the server. Without "
                    + "--admin-password only clients on this machine (loopback) may use it.")
    boolean admin;

    @Option(names = "--admin-password", paramLabel = "PASSWORD", defaultValue = "${env:SIO4J_ADMIN_PASSWORD}",
            description = "Turn on the admin UI's login for user 'admin' with this password, from any address "
                    + "(implies --admin; kept only as a bcrypt hash). Default: the SIO4J_ADMIN_PASSWORD environment variable.")
    String password;

    /**
     * The admin settings these flags ask for.
     *
     * @throws IllegalArgumentException for an empty password or one over bcrypt's 72 bytes
     */
    ChatAdmin toChatAdmin() {
        if (password != null) {
            return ChatAdmin.withPassword(password.toCharArray());
        }
        return admin ? ChatAdmin.loopbackOnly() : ChatAdmin.off();
    }
}
