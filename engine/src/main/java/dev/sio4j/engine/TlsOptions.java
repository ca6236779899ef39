// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The server's certificate and key from files, for {@link EngineOptions.Builder#tls(TlsOptions)}:
 * a PEM certificate chain and private key (as certbot and most ACME clients write them), or a
 * PKCS#12 key store. The files are read when the options are built (a bad file fails the build
 * with the reason), and again by {@link EngineServer#reloadTls()} or when they change: every
 * {@link #reloadCheckInterval()} (default 1 minute; zero turns the check off) the server looks
 * at their size and modification time, and after a change loads them; new connections get the
 * new certificate, open ones keep theirs. A reload that fails (a half-written file, a key that
 * does not belong to the certificate) keeps the certificate in use and logs a warning.
 *
 * <p>PEM keys: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY})
 * and SEC1 EC ({@code BEGIN EC PRIVATE KEY}) with a named curve; unencrypted (protect the file,
 * or use a PKCS#12 store with a password). Connections speak TLS 1.2 or 1.3 only.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder()
 *         .tls(TlsOptions.pem(Path.of("/etc/letsencrypt/live/chat.example/fullchain.pem"),
 *                             Path.of("/etc/letsencrypt/live/chat.example/privkey.pem")))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsOptions {

    /** How the files hold the key material. */
    public enum Format { PEM, PKCS12 }

    private final Format format;
    private final List<Path> files;
    private final String password;
    private final Duration reloadCheckInterval;

    private TlsOptions(Format format, List<Path> files, String password, Duration reloadCheckInterval) {
        this.format = format;
        this.files = files;
        this.password = password;
        this.reloadCheckInterval = reloadCheckInterval;
    }

    /** A PEM certificate chain (leaf first) and its unencrypted private key. */
    public static TlsOptions pem(Path certificateChain, Path privateKey) {
        return new TlsOptions(Format.PEM, List.of(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey")), null, Duration.ofMinutes(1));
    }

    /** A PKCS#12 key store whose (first) key entry and the store itself use {@code password}. */
    public static TlsOptions pkcs12(Path keyStore, String password) {
        return new TlsOptions(Format.PKCS12, List.of(Objects.requireNonNull(keyStore, "keyStore")),
                Objects.requireNonNull(password, "password"), Duration.ofMinutes(1));
    }

    /** The same files, checked for changes every {@code interval}; {@link Duration#ZERO}: never. */
    public TlsOptions withReloadCheckInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("reloadCheckInterval must not be negative");
        }
        return new TlsOptions(format, files, password, interval);
    }

    public Format format() {
        return format;
    }

    /** The files: certificate chain and key for PEM, the store for PKCS#12. */
    public List<Path> files() {
        return files;
    }

    /** The PKCS#12 password, or null for PEM. */
    public String password() {
        return password;
    }

    /** How often the files are checked for changes; zero: never (only {@link EngineServer#reloadTls()}). */
    public Duration reloadCheckInterval() {
        return reloadCheckInterval;
    }

    @Override
    public String toString() {
        return "TlsOptions[" + format + " " + files + ", reload check every " + reloadCheckInterval + "]";
    }
}
