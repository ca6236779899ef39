// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the admin UI's users authenticate, as the {@code auth} option of {@code @socket.io/admin-ui}:
 * {@link #basic} (a user name and a bcrypt hash of the password, checked against what the UI's
 * login form sends) or {@link #none()} (anyone who reaches the namespace; for development, or
 * behind your own middleware on the admin namespace).
 *
 * <pre>{@code
 * AdminAuth auth = AdminAuth.basic("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS");
 * AdminAuth fromPassword = AdminAuth.basic("admin", AdminAuth.hashPassword("changeit".toCharArray()));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the hash.
 */
public final class AdminAuth {

    /** The cost of {@link #hashPassword}: 10, as the admin UI's README and bcryptjs's default. */
    public static final int DEFAULT_COST = 10;

    /** $2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of bcrypt's base64 (salt and hash). */
    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** Longer passwords are refused unchecked: bcrypt reads 72 bytes at most anyway. */
    private static final int MAX_PASSWORD_CHARS = 1024;

    private static final AdminAuth NONE = new AdminAuth(null, null);

    private final String username;
    private final String hash;

    private AdminAuth(String username, String hash) {
        this.username = username;
        this.hash = hash;
    }

    /** No authentication: every client that reaches the admin namespace is an administrator. */
    public static AdminAuth none() {
        return NONE;
    }

    /**
     * Basic authentication: the UI's user name must equal {@code username} and its password must
     * match {@code bcryptHash} ({@code $2a$}, {@code $2b$} or {@code $2y$}; unlike Node's bcryptjs,
     * {@code $2y$} hashes from PHP tools work too).
     *
     * @throws IllegalArgumentException when the user name is empty or the hash is not a bcrypt hash
     */
    public static AdminAuth basic(String username, String bcryptHash) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(bcryptHash, "bcryptHash");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        if (!HASH.matcher(bcryptHash).matches()) {
            throw new IllegalArgumentException("the password must be a valid bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31)");
        }
        return new AdminAuth(username, bcryptHash);
    }

    /**
     * A bcrypt hash ({@code $2b$}, cost {@link #DEFAULT_COST}, a random salt) of {@code password},
     * e.g. to hash a password given on a command line and keep only the hash. Takes tens of
     * milliseconds on purpose: do not call it on an event loop.
     *
     * @throws IllegalArgumentException for an empty password or one longer than 72 bytes in UTF-8
     *         (bcrypt ignores the rest)
     */
    public static String hashPassword(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        if (StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining() > 72) {
            throw new IllegalArgumentException("password must be at most 72 bytes in UTF-8 (bcrypt's limit)");
        }
        return BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B)).hashToString(DEFAULT_COST, password);
    }

    /** Whether this is {@link #none()}. */
    public boolean isNone() {
        return username == null;
    }

    /** The user name of basic authentication, or null for {@link #none()}. */
    public String username() {
        return username;
    }

    /** The bcrypt hash of basic authentication, or null; for the implementation. */
    String hash() {
        return hash;
    }

    /**
     * Whether {@code password} matches the hash (false for {@link #none()}). Slow on purpose
     * (bcrypt): do not call it on an event loop.
     */
    public boolean verify(String password) {
        if (hash == null || password == null || password.length() > MAX_PASSWORD_CHARS) {
            return false;
        }
        try {
            return BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B))
                    .verify(password.toCharArray(), hash).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return isNone() ? "AdminAuth[none]" : "AdminAuth[basic, username=" + username + "]";
    }
}
