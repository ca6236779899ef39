// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import dev.sio4j.auth.JwtPrincipal;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.Socket;

/**
 * The names the chat shows when it requires a token: the token's {@code name}, else
 * {@code preferred_username}, else {@code sub} ({@link JwtPrincipal#displayName()}), kept in
 * {@code socket.data()} so that presence lists them on every node of a cluster.
 *
 * <p>The issuer chooses the name, and any user who can get a token can choose it at some issuers,
 * so it is cleaned (no control characters, at most {@link #MAX_LENGTH} code points) and the page
 * shows it as text. Stateless and thread-safe.
 */
final class UserNames {

    /** The key of the name in {@code socket.data()}. */
    static final String DATA_KEY = "chat:name";

    /** The longest name shown, in code points; longer ones are cut. */
    static final int MAX_LENGTH = 64;

    private UserNames() {
    }

    /** Records and returns the name of a socket the JWT middleware admitted (its id if none). */
    static String remember(Socket socket) {
        String name = JwtPrincipal.of(socket).map(JwtPrincipal::displayName).map(UserNames::clean)
                .filter(n -> !n.isEmpty()).orElse(socket.id());
        socket.data().put(DATA_KEY, name);
        return name;
    }

    /** The name recorded for a socket of this node, or its id. */
    static String of(Socket socket) {
        return socket.data().get(DATA_KEY) instanceof String s ? s : socket.id();
    }

    /** The name recorded for a socket of any node, or its id. */
    static String of(RemoteSocket socket) {
        return socket.data().get(DATA_KEY) instanceof String s ? s : socket.id();
    }

    /** Without control characters, trimmed, at most {@link #MAX_LENGTH} code points. */
    static String clean(String raw) {
        StringBuilder out = new StringBuilder();
        raw.strip().codePoints().filter(c -> !Character.isISOControl(c)).limit(MAX_LENGTH).forEach(out::appendCodePoint);
        return out.toString();
    }
}
