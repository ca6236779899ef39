// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.admin.AdminAuth;
import dev.sio4j.admin.AdminUi;
import dev.sio4j.admin.AdminUiOptions;
import dev.sio4j.engine.HttpFallback;
import dev.sio4j.examples.chat.internal.AdminUiFiles;
import dev.sio4j.examples.chat.internal.StaticResource;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.SocketIoServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The chat's admin UI ({@code --admin}): the official UI's files under {@code /admin/} and the
 * {@code /admin} namespace instrumented by {@link AdminUi}. With a password, the UI's basic
 * authentication is on for user {@value #USERNAME} (only a bcrypt hash of the password is kept);
 * without one, only clients on this machine (loopback addresses) may use the namespace.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatAdmin {

    /** The user name of the UI's login form when a password is set. */
    public static final String USERNAME = "admin";

    private static final ChatAdmin OFF = new ChatAdmin(false, null);

    private final boolean enabled;
    private final String passwordHash;

    private ChatAdmin(boolean enabled, String passwordHash) {
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    /** No admin UI (the default). */
    public static ChatAdmin off() {
        return OFF;
    }

    /** The admin UI for clients on this machine only, without a password. */
    public static ChatAdmin loopbackOnly() {
        return new ChatAdmin(true, null);
    }

    /**
     * The admin UI for user {@value #USERNAME} with {@code password}, from any address. The
     * password is hashed with bcrypt at once (tens of milliseconds) and only the hash is kept.
     *
     * @throws IllegalArgumentException for an empty password or one over bcrypt's 72 bytes
     */
    public static ChatAdmin withPassword(char[] password) {
        return new ChatAdmin(true, AdminAuth.hashPassword(Objects.requireNonNull(password, "password")));
    }

    /** Whether the UI is served. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether the UI asks for a password (else: loopback only). */
    public boolean passwordProtected() {
        return passwordHash != null;
    }

    /** {@code files} plus the UI's, when enabled. */
    Map<String, StaticResource> addFiles(Map<String, StaticResource> files) {
        if (!enabled) {
            return files;
        }
        Map<String, StaticResource> all = new HashMap<>(files);
        all.putAll(AdminUiFiles.load(ChatAdmin.class.getClassLoader()));
        return Map.copyOf(all);
    }

    /** {@code fallback}, with {@code /admin} redirected to {@code /admin/} when enabled. */
    HttpFallback wrap(HttpFallback fallback) {
        return enabled ? AdminUiFiles.withRedirect(fallback) : fallback;
    }

    /** Instruments {@code io} when enabled; null otherwise. */
    AdminUi instrument(SocketIoServer io) {
        if (!enabled) {
            return null;
        }
        AdminUiOptions.Builder options = AdminUiOptions.builder().serverId("sio4j-chat");
        if (passwordHash != null) {
            options.auth(AdminAuth.basic(USERNAME, passwordHash));
        } else {
            // Before instrument() adds its own: middlewares run in the order they were added.
            io.of("/admin").use((socket, next) -> {
                if (isLoopback(socket.handshake().address())) {
                    next.proceed();
                } else {
                    next.fail(new ConnectError("the admin UI is only for this machine without --admin-password"));
                }
            });
            options.auth(AdminAuth.none());
        }
        return AdminUi.instrument(io, options.build());
    }

    /** Whether {@code address}, an IP literal (never a name: no DNS lookup), is a loopback address. */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean ipv4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = literal.contains(":") && literal.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return !enabled ? "ChatAdmin[off]" : passwordHash != null ? "ChatAdmin[password]" : "ChatAdmin[loopback only]";
    }
}
