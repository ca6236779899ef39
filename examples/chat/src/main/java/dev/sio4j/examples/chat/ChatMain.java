// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.sio4j.examples.chat.internal.Durations;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The chat's command line: {@code java -jar sio4j-chat.jar [--port N] [--host H]
 * [--cors-origin O]... [--redis URI [--redis-mode classic|sharded|streams]] [--recovery]
 * [--diagnostics] [--tls-cert FILE --tls-key FILE] [--jwt-secret S | --jwks-url URL [--jwt-issuer I]
 * [--jwt-audience A] [--jwt-clock-skew D]] [--max-connections-per-ip N] [--max-events-per-second N]
 * [--log-level L] [--admin [--admin-password P]] [--drain-timeout D] [--no-health] [--no-ready]}.
 * Starts {@link ChatServer}, prints the URL to open, and runs until the JVM is asked to stop
 * (Ctrl-C, SIGTERM), when the chat drains ({@link ChatServer#drain}: clients move to another
 * node) for at most {@code --drain-timeout}, then exits. {@code token} prints a
 * development token for a chat started with {@code --jwt-secret} ({@link TokenCommand}).
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "sio4j-chat", mixinStandardHelpOptions = true, versionProvider = ChatMain.Version.class,
        description = "The Socket.IO chat served by a Java server (sio4j): broadcast, private messages, rooms, "
                + "a /chat namespace, automatic reconnection. Open the printed URL in a browser.",
        sortOptions = false, subcommands = TokenCommand.class)
public final class ChatMain implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PORT:-3000}",
            description = "TCP port (default: the PORT environment variable, else ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ChatConfig.DEFAULT_HOST,
            description = "Interface to bind (default: ${DEFAULT-VALUE}, every IPv4 interface; 127.0.0.1 for this machine only).")
    String host;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "A browser origin allowed besides the chat's own, e.g. http://localhost:8080; repeatable. "
                    + "'*' allows every origin. Default: the chat's own origin only.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--redis", paramLabel = "URI",
            description = "Join a cluster through this Redis, e.g. redis://127.0.0.1:6379. Default: a single node.")
    String redis;

    @Option(names = "--redis-mode", paramLabel = "MODE", defaultValue = "classic",
            description = "The Redis adapter every node of the cluster uses: classic (pub/sub), sharded (Redis 7 "
                    + "sharded pub/sub) or streams (a Redis stream; recovery works across nodes). Default: ${DEFAULT-VALUE}.")
    String redisMode;

    @Option(names = "--recovery",
            description = "Turn on connection state recovery: a client that reconnects within 2 minutes gets its id, "
                    + "rooms and the messages it missed (on any node with --redis-mode streams).")
    boolean recovery;

    @Option(names = "--diagnostics",
            description = "Add the cluster diagnostics events serverSideHello and helloCount.")
    boolean diagnostics;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve https and wss with this PEM certificate chain (e.g. fullchain.pem); needs --tls-key. "
                    + "Renewed files are picked up without a restart.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key of --tls-cert (e.g. privkey.pem), unencrypted.")
    Path tlsKey;

    @Option(names = "--jwt-secret", paramLabel = "SECRET", defaultValue = "${env:" + SECRET_ENV + "}",
            description = "Require a JWT signed with this HS256 secret (at least 32 bytes) to chat; users are shown "
                    + "by the token's name. 'token' prints one. Default: the " + SECRET_ENV + " environment variable "
                    + "(better than the command line, which other users of the machine can see), else none.")
    String jwtSecret;

    @Option(names = "--jwks-url", paramLabel = "URL",
            description = "Require a JWT signed by a key of this JWKS (your OpenID Connect provider's jwks_uri).")
    String jwksUrl;

    @Option(names = "--jwt-issuer", paramLabel = "ISS",
            description = "The iss a token must have (the provider's issuer URL). Default: not checked.")
    String jwtIssuer;

    @Option(names = "--jwt-audience", paramLabel = "AUD",
            description = "The aud a token must include (the client id the provider issues it for). Default: not checked.")
    String jwtAudience;

    @Option(names = "--jwt-clock-skew", paramLabel = "DURATION", defaultValue = "60s",
            description = "How far this machine's clock may be off the issuer's for exp and nbf (default: ${DEFAULT-VALUE}).")
    String jwtClockSkew;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "Open connections per client address, loopback included. Default: the library's "
                    + "(1000, not applied to loopback).")
    Integer maxConnectionsPerIp;

    @Option(names = "--max-events-per-second", paramLabel = "N",
            description = "Events per second per socket (burst: N); extra events are dropped. Default: no limit.")
    Integer maxEventsPerSecond;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "Log level: ERROR, WARN, INFO, DEBUG or TRACE (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @CommandLine.Mixin
    AdminFlags adminFlags = new AdminFlags();

    @CommandLine.Mixin
    MetricsFlags metricsFlags = new MetricsFlags();

    @CommandLine.Mixin
    OpsFlags opsFlags = new OpsFlags();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment variable {@code --jwt-secret} and {@code token --secret} default to. */
    static final String SECRET_ENV = "SIO4J_CHAT_JWT_SECRET";

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ChatMain());
    }

    @Override
    public Integer call() throws InterruptedException {
        ChatConfig config;
        Level level;
        ChatAdmin admin;
        ChatMetrics metrics;
        Duration drainTimeout;
        try {
            drainTimeout = opsFlags.drainTimeout();
            admin = adminFlags.toChatAdmin();
            metrics = metricsFlags.toChatMetrics();
            config = ChatConfig.builder().host(host).port(port).corsOrigins(corsOrigins)
                    .redis(redis).redisMode(parseRedisMode(redisMode)).recovery(recovery).diagnostics(diagnostics)
                    .tls(tls()).jwt(jwt())
                    .maxConnectionsPerIp(atLeastOne(maxConnectionsPerIp, "--max-connections-per-ip"))
                    .maxEventsPerSecond(atLeastOne(maxEventsPerSecond, "--max-events-per-second"))
                    .build();
            level = parseLevel(logLevel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);

        PrintWriter out = spec.commandLine().getOut();
        ChatServer chat;
        try {
            chat = ChatServer.start(config, admin, metrics, opsFlags.toChatProbes());
        } catch (UncheckedIOException e) {
            // Netty rethrows the bind failure (BindException, UnresolvedAddressException...) as is.
            return fail("Cannot listen on " + config.host() + ":" + config.port() + ": " + describe(e));
        } catch (IllegalStateException e) {
            return fail("Cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM (a deploy) or Ctrl-C: drain, so clients move to another node, then exit.
            out.println("Shutting down: draining for at most " + describe(drainTimeout) + "...");
            out.flush();
            try {
                chat.drain(drainTimeout);
                out.println("Stopped.");
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "sio4j-chat-shutdown"));
        out.println("sio4j chat is running: open " + chat.url() + " in your browser (Ctrl-C to stop)");
        if (config.redis() != null) {
            out.println("Cluster node on " + config.redis() + " (" + redisMode.trim().toLowerCase(Locale.ROOT) + " adapter)");
        }
        if (config.jwt() != null) {
            out.println("Sign-in required: " + (config.jwt().secret() != null
                    ? "HS256 tokens (java -jar sio4j-chat.jar token --secret ... --name NAME)"
                    : "tokens signed by " + config.jwt().jwksUrl()));
        }
        if (admin.enabled()) {
            out.println("Admin UI: " + chat.url() + "admin/ (server URL " + chat.url().replaceAll("/$", "")
                    + (admin.passwordProtected() ? ", user " + ChatAdmin.USERNAME + ")" : ", this machine only)"));
        }
        if (metrics.enabled()) {
            out.println("Metrics: " + chat.url() + "metrics (Prometheus text format; readable from " + metrics.allowed() + ")");
        }
        if (config.anyOrigin()) {
            out.println("Warning: --cors-origin '*' lets pages of any site connect to this chat.");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
        return 1;
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private ChatConfig.Tls tls() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (tlsCert == null) {
            return null;
        }
        for (Path p : List.of(tlsCert, tlsKey)) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read the TLS file " + p);
            }
        }
        return new ChatConfig.Tls(tlsCert, tlsKey);
    }

    private ChatConfig.Jwt jwt() {
        Duration skew = Durations.parse(jwtClockSkew); // checked even when unused: a typo must not pass silently
        if (jwtSecret == null && jwksUrl == null) {
            if (jwtIssuer != null || jwtAudience != null) {
                throw new IllegalArgumentException("--jwt-issuer and --jwt-audience need --jwt-secret or --jwks-url");
            }
            return null;
        }
        if (jwtSecret != null && jwksUrl != null) {
            throw new IllegalArgumentException("give --jwt-secret or --jwks-url, not both");
        }
        URI jwks = null;
        if (jwksUrl != null) {
            try {
                jwks = new URI(jwksUrl);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
            }
            String scheme = jwks.getScheme() == null ? "" : jwks.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || jwks.getHost() == null) {
                throw new IllegalArgumentException("not a JWKS URL (http(s)://host/...): " + jwksUrl);
            }
        }
        return new ChatConfig.Jwt(jwtSecret, jwks, jwtIssuer, jwtAudience, skew);
    }

    private static int atLeastOne(Integer value, String option) {
        if (value == null) {
            return 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1: " + value);
        }
        return value;
    }

    static ChatConfig.RedisMode parseRedisMode(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "classic" -> ChatConfig.RedisMode.CLASSIC;
            case "sharded" -> ChatConfig.RedisMode.SHARDED;
            case "streams" -> ChatConfig.RedisMode.STREAMS;
            default -> throw new IllegalArgumentException("unknown Redis mode '" + value + "' (classic, sharded, streams)");
        };
    }

    static Level parseLevel(String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "OFF", "ALL" -> Level.toLevel(upper);
            default -> throw new IllegalArgumentException("unknown log level '" + value + "' (ERROR, WARN, INFO, DEBUG, TRACE)");
        };
    }

    /** The version printed by {@code --version}: the jar's, when it has one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChatMain.class.getPackage().getImplementationVersion();
            return new String[] {"sio4j-chat " + (v == null ? "(development build)" : v)};
        }
    }
}
