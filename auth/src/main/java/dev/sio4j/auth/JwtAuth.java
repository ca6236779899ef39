// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import dev.sio4j.auth.internal.KeySource;
import dev.sio4j.auth.internal.TokenReader;
import dev.sio4j.auth.internal.TokenRejectedException;
import dev.sio4j.auth.internal.TokenVerifier;
import dev.sio4j.auth.internal.VerifiedToken;
import dev.sio4j.auth.internal.VerifierThreads;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.Middleware;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A namespace middleware that admits only sockets with a valid JWT, on nimbus-jose-jwt.
 *
 * <p>For each socket that connects it reads the token (the CONNECT payload's {@code auth.token},
 * else an {@code Authorization: Bearer} header of the handshake, else, only when
 * {@link Builder#tokenFromQuery} allows it, a query parameter), checks its signature with the
 * {@link JwtKeys} (algorithms follow from the keys; {@code alg: none} never passes), then
 * {@code iss}, {@code aud}, {@code nbf} and {@code exp} with the clock skew; {@code sub} and
 * {@code exp} are required. A socket that passes:
 * <ul>
 *   <li>has the claims in {@code socket.data().get(}{@link #DATA_KEY}{@code )} and a
 *       {@link JwtPrincipal#of(Socket) principal};</li>
 *   <li>has the token's {@code sub} as its {@link Socket#identity() identity}, so the server's
 *       connections-per-user limit counts it;</li>
 *   <li>is disconnected ("server namespace disconnect") when the token expires
 *       ({@code exp} plus the clock skew), through {@link Socket#disconnectAt}.</li>
 * </ul>
 * Others get CONNECT_ERROR {@code {"message":"unauthorized","data":{"reason":...}}} with a
 * {@link JwtRefusal} reason, counted by the server as an {@code AUTH} refusal; their connection
 * stays open for another try (and closes at {@code connectTimeout} if none succeeds).
 *
 * <p>Connection state recovery: this middleware {@link #runsOnRecovery() runs on recovery} even
 * with {@code skipMiddlewares}: a recovering client must bring a valid token again (its
 * {@code auth} function is asked again on reconnection), for the same {@code sub} as the session
 * it recovers; an expired token refuses the recovery, so no session outlives its token.
 *
 * <p>Threads: with a secret or a public key, verification is pure computation and runs where
 * middlewares run. With a JWKS it may have to fetch, so it runs on an executor (by default two
 * daemon threads of this instance, {@code sio4j-jwt-N}, with a queue of 1024 checks; past that a
 * connection gets CONNECT_ERROR "server error") and the middleware completes later: an event
 * loop never waits for the provider.
 *
 * <pre>{@code
 * JwtAuth auth = JwtAuth.builder()
 *         .keys(JwtKeys.jwks(URI.create("https://id.example/realms/app/protocol/openid-connect/certs")))
 *         .issuer("https://id.example/realms/app")
 *         .audience("chat")
 *         .build();
 * io.use(auth);
 * io.on("connection", socket -> log.info("{} connected", JwtPrincipal.of(socket).orElseThrow().displayName()));
 * // on shutdown, after io.close():
 * auth.close();
 * }</pre>
 *
 * <p>Thread-safe; one instance may guard several namespaces and servers.
 */
public final class JwtAuth implements Middleware, AutoCloseable {

    /** The key of the verified claims (a {@code Map<String, Object>} of JSON values) in {@link Socket#data()}. */
    public static final String DATA_KEY = "jwt";

    private static final Logger log = LoggerFactory.getLogger(JwtAuth.class);
    private static final String MESSAGE = "unauthorized";

    private final KeySource keys;
    private final TokenReader reader;
    private final TokenVerifier verifier;
    private final Executor executor;
    private final VerifierThreads ownThreads;
    private final Duration clockSkew;
    private final Clock clock;

    private JwtAuth(Builder b) {
        this.keys = b.keys.open();
        this.reader = new TokenReader(b.queryParameter);
        this.verifier = new TokenVerifier(keys, b.keys.algorithms(), b.issuer, b.audience, b.clockSkew, b.clock,
                b.maxTokenLength);
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        if (!b.keys.fetches()) {
            this.executor = null;
            this.ownThreads = null;
        } else if (b.executor != null) {
            this.executor = b.executor;
            this.ownThreads = null;
        } else {
            this.ownThreads = new VerifierThreads();
            this.executor = ownThreads;
        }
    }

    /** A builder; {@link Builder#keys} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(Socket socket, Next next) {
        String token;
        try {
            token = reader.read(socket.handshake());
        } catch (TokenRejectedException e) {
            refuse(socket, next, e);
            return;
        }
        if (executor == null) {
            check(socket, next, token);
            return;
        }
        try {
            executor.execute(() -> check(socket, next, token));
        } catch (RejectedExecutionException e) {
            log.warn("JWT verification is saturated (or closed): a CONNECT to {} got \"server error\"",
                    socket.namespace().name());
            next.fail(new ConnectError("server error"));
        }
    }

    /** Verifies, then admits or refuses; on the middleware's thread or the executor's. */
    private void check(Socket socket, Next next, String token) {
        VerifiedToken verified;
        try {
            verified = verifier.verify(token);
            if (socket.recovered()) {
                sameSubject(socket, verified);
            }
        } catch (TokenRejectedException e) {
            refuse(socket, next, e);
            return;
        } catch (RuntimeException e) {
            log.warn("JWT verification failed unexpectedly; the client got \"server error\"", e);
            next.fail(new ConnectError("server error"));
            return;
        }
        socket.data().put(DATA_KEY, verified.claims());
        socket.setIdentity(verified.subject());
        // The deadline is on this instance's clock; the socket's timer runs on the system's.
        Duration left = Duration.between(clock.instant(), verified.expiresAt().plus(clockSkew));
        socket.disconnectAt(Instant.now().plus(left));
        next.proceed();
    }

    /** A recovered session belongs to whoever it was made for: a token for someone else does not get it. */
    private static void sameSubject(Socket socket, VerifiedToken verified) throws TokenRejectedException {
        Object before = socket.data().get(DATA_KEY);
        Object sub = before instanceof Map<?, ?> claims ? claims.get("sub") : null;
        if (sub != null && !sub.equals(verified.subject())) {
            throw TokenRejectedException.invalid("a token for another user than the session it recovers");
        }
    }

    private static void refuse(Socket socket, Next next, TokenRejectedException e) {
        if (e.keysUnavailable()) {
            log.warn("a CONNECT to {} was refused because {}", socket.namespace().name(), e.getMessage());
        } else {
            log.debug("a CONNECT to {} refused: {} ({})", socket.namespace().name(), e.reason().wireName(), e.getMessage());
        }
        next.fail(new ConnectError(MESSAGE, Map.of("reason", e.reason().wireName())));
    }

    /** True: a recovering session must show a valid token again (see the class comment). */
    @Override
    public boolean runsOnRecovery() {
        return true;
    }

    /**
     * Stops this instance's verification threads and releases the JWKS source; checks still
     * queued are refused. Idempotent. Call it after the servers it guards are closed.
     */
    @Override
    public void close() {
        if (ownThreads != null) {
            ownThreads.shutdownNow();
        }
        keys.close();
    }

    /** Builds a {@link JwtAuth}; not thread-safe. */
    public static final class Builder {
        private JwtKeys keys;
        private String issuer;
        private Set<String> audience = Set.of();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private int maxTokenLength = 8192;
        private String queryParameter;
        private Executor executor;

        private Builder() {
        }

        /** The keys tokens are signed with; required. */
        public Builder keys(JwtKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The {@code iss} tokens must have (an OpenID provider's issuer URL); default: not checked. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * The audiences of which a token's {@code aud} must hold one (the client id, or the API's
         * name, the provider puts there); default: not checked. With a provider's JWKS, set it:
         * the provider signs tokens for all its applications with the same keys.
         */
        public Builder audience(String... audience) {
            this.audience = Set.of(audience);
            return this;
        }

        /** How far the server's clock may be off the issuer's, for {@code exp} and {@code nbf}; default 60 s. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative");
            }
            this.clockSkew = skew;
            return this;
        }

        /** The clock {@code exp} and {@code nbf} are checked against; default the system's (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The longest token accepted, in characters; longer ones are refused unparsed; default 8192. */
        public Builder maxTokenLength(int chars) {
            if (chars < 64) {
                throw new IllegalArgumentException("maxTokenLength must be at least 64");
            }
            this.maxTokenLength = chars;
            return this;
        }

        /**
         * Also reads the token from the handshake's query parameter {@code name}, after the
         * {@code auth} payload and the {@code Authorization} header. Off by default: a query
         * string ends up in proxy and access logs, and with it the token.
         */
        public Builder tokenFromQuery(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("the query parameter name must not be empty");
            }
            this.queryParameter = name;
            return this;
        }

        /**
         * Where verification with a JWKS runs (it may fetch); default two threads of the
         * instance. Ignored for a secret or a public key, which never fetch.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Validates and builds; nothing is fetched yet.
         *
         * @throws IllegalStateException without keys
         */
        public JwtAuth build() {
            if (keys == null) {
                throw new IllegalStateException("keys are required: JwtKeys.secret(...), .pem(...) or .jwks(...)");
            }
            if (keys.fetches() && (issuer == null || audience.isEmpty())) {
                log.warn("JWT keys from a JWKS without {}: tokens the provider issued for its other applications "
                        + "are accepted too", issuer == null ? "an issuer" : "an audience");
            }
            return new JwtAuth(this);
        }
    }
}
