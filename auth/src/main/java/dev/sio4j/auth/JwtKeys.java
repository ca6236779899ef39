// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import dev.sio4j.auth.internal.KeySource;
import dev.sio4j.auth.internal.PublicKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The keys {@link JwtAuth} checks token signatures with, and so the algorithms tokens may use:
 * <ul>
 *   <li>{@link #secret}: a shared secret, for HS256 (and HS384 from 48 bytes, HS512 from 64);
 *       at least 32 bytes (256 bits, RFC 7518 §3.2);</li>
 *   <li>{@link #publicKey}, {@link #pem}, {@link #pemFile}: one public key, RSA of at least 2048
 *       bits (RS256), EC on P-256 (ES256) or Ed25519 (EdDSA), as a PEM {@code PUBLIC KEY} or
 *       {@code CERTIFICATE};</li>
 *   <li>{@link #jwks}: an OAuth 2 / OpenID Connect provider's published key set, fetched,
 *       cached and refreshed when it rotates its keys (see {@link JwksOptions}).</li>
 * </ul>
 *
 * <pre>{@code
 * JwtKeys.secret(System.getenv("JWT_SECRET"));
 * JwtKeys.pemFile(Path.of("issuer-public.pem"));
 * JwtKeys.jwks(URI.create("https://id.example/.well-known/jwks.json"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Reading the PEM file happens in {@link #pemFile}; nothing is
 * fetched before the first token.
 */
public final class JwtKeys {

    private final byte[] secret;
    private final PublicKey publicKey;
    private final JwksOptions jwks;
    private final Set<JwtAlgorithm> algorithms;

    private JwtKeys(byte[] secret, PublicKey publicKey, JwksOptions jwks, Set<JwtAlgorithm> algorithms) {
        this.secret = secret;
        this.publicKey = publicKey;
        this.jwks = jwks;
        this.algorithms = Set.copyOf(algorithms);
    }

    /**
     * A shared secret, used as is.
     *
     * @throws IllegalArgumentException when shorter than 32 bytes
     */
    public static JwtKeys secret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("the secret must have at least 32 bytes (256 bits) for HS256; it has "
                    + secret.length);
        }
        Set<JwtAlgorithm> algorithms = EnumSet.of(JwtAlgorithm.HS256);
        if (secret.length >= 48) {
            algorithms.add(JwtAlgorithm.HS384);
        }
        if (secret.length >= 64) {
            algorithms.add(JwtAlgorithm.HS512);
        }
        return new JwtKeys(secret.clone(), null, null, algorithms);
    }

    /** A shared secret given as text: its UTF-8 bytes, at least 32 of them. */
    public static JwtKeys secret(String secret) {
        return secret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One public key: RSA (2048 bits or more) for RS256, EC P-256 for ES256, Ed25519 for EdDSA.
     *
     * @throws IllegalArgumentException for another kind or size of key
     */
    public static JwtKeys publicKey(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return new JwtKeys(null, key, null, EnumSet.of(PublicKeys.algorithmOf(key)));
    }

    /**
     * A public key in PEM: {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo, as
     * {@code openssl pkey -pubout} writes it) or a {@code CERTIFICATE} whose key is used.
     *
     * @throws IllegalArgumentException when the text holds no usable key
     */
    public static JwtKeys pem(String pem) {
        return publicKey(PublicKeys.fromPem(Objects.requireNonNull(pem, "pem")));
    }

    /**
     * A public key from a PEM file (read now; not an event loop's job).
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no usable key
     */
    public static JwtKeys pemFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return pem(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The key set published at {@code uri}, with {@link JwksOptions}' defaults. */
    public static JwtKeys jwks(URI uri) {
        return jwks(JwksOptions.builder(uri).build());
    }

    /** The key set {@code options} describe. */
    public static JwtKeys jwks(JwksOptions options) {
        Objects.requireNonNull(options, "options");
        return new JwtKeys(null, null, options, options.algorithms());
    }

    /** The algorithms a token may use with these keys. */
    public Set<JwtAlgorithm> algorithms() {
        return algorithms;
    }

    /** Whether getting the keys may mean a network fetch (verification then runs off the event loop). */
    boolean fetches() {
        return jwks != null;
    }

    /** The verifying side of these keys; a JWKS source is closed with {@link JwtAuth#close()}. */
    KeySource open() {
        if (secret != null) {
            return KeySource.secret(secret, algorithms);
        }
        if (publicKey != null) {
            return KeySource.publicKey(publicKey);
        }
        return KeySource.jwks(jwks);
    }

    @Override
    public String toString() {
        // Never the secret.
        String what = secret != null ? "secret of " + secret.length + " bytes"
                : publicKey != null ? publicKey.getAlgorithm() + " public key" : "JWKS " + jwks.uri();
        return "JwtKeys[" + what + ", " + algorithms + "]";
    }
}
