package dev.sio4j.examples.chat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The chat's command line: {@code java -jar sio4j-chat.jar [--port N] [--host H]
 * [--cors-origin O]... [--redis URI [--redis-mode classic|sharded|streams]] [--recovery]
 * [--diagnostics] [--log-level L]}. Starts {@link ChatServer}, prints the URL to open, and
 * runs until the JVM is asked to stop (Ctrl-C, SIGTERM), when the chat shuts down gracefully.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "sio4j-chat", mixinStandardHelpOptions = true, versionProvider = ChatMain.Version.class,
        description = "The Socket.IO chat served by a Java server (sio4j): broadcast, private messages, rooms, "
                + "a /chat namespace, automatic reconnection. Open the printed URL in a browser.",
        sortOptions = false)
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

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "Log level: ERROR, WARN, INFO, DEBUG or TRACE (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        try {
            config = ChatConfig.builder().host(host).port(port).corsOrigins(corsOrigins)
                    .redis(redis).redisMode(parseRedisMode(redisMode)).recovery(recovery).diagnostics(diagnostics)
                    .build();
            level = parseLevel(logLevel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);

        PrintWriter out = spec.commandLine().getOut();
        ChatServer chat;
        try {
            chat = ChatServer.start(config);
        } catch (UncheckedIOException e) {
            // Netty rethrows the bind failure (BindException, UnresolvedAddressException...) as is.
            return fail("Cannot listen on " + config.host() + ":" + config.port() + ": " + describe(e));
        } catch (IllegalStateException e) {
            return fail("Cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Shutting down...");
            out.flush();
            try {
                chat.close();
            } finally {
                stopped.countDown();
            }
        }, "sio4j-chat-shutdown"));
        out.println("sio4j chat is running: open " + chat.url() + " in your browser (Ctrl-C to stop)");
        if (config.redis() != null) {
            out.println("Cluster node on " + config.redis() + " (" + redisMode.trim().toLowerCase(Locale.ROOT) + " adapter)");
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

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
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
