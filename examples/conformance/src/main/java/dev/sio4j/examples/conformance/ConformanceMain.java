// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The conformance app: serves one of the setups that socket.io's official test suites expect,
 * so that those suites can run against sio4j.
 *
 * <pre>
 * java -jar examples/conformance/target/sio4j-conformance.jar --port 3000 --profile protocol
 * </pre>
 *
 * <p>Profiles: {@code protocol} (engine.io-protocol v4 and socket.io-protocol v5 suites),
 * {@code client} (socket.io-client's suite), {@code engine-client} (engine.io-client's suite);
 * see docs/conformance.md for each contract and how to run the suites. Binds 127.0.0.1 unless
 * {@code --host} says otherwise; {@code --port 0} picks a free port. When ready it prints exactly
 * one line to stdout, {@code sio4j-conformance listening on http://HOST:PORT profile=NAME}, and
 * then runs until it is killed (a shutdown hook closes the servers).
 *
 * <p>Not thread-safe (the entry point; one instance per run).
 */
@Command(name = "sio4j-conformance", mixinStandardHelpOptions = true,
        description = "Serves the setups socket.io's official test suites expect.")
public final class ConformanceMain implements Callable<Integer> {

    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(8);

    /** The ready line's prefix; the bound address follows it. */
    public static final String READY_PREFIX = "sio4j-conformance listening on ";

    @Option(names = "--port", required = true, description = "TCP port (0 = any free port)")
    int port;

    @Option(names = "--profile", required = true, description = "protocol | client | engine-client")
    String profile;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0-65535: " + port);
        }
        Profile.Name name;
        try {
            name = Profile.Name.parse(profile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        Profile running = name.create();
        InetSocketAddress bound;
        try {
            bound = running.start(host, port).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            running.close();
            System.err.println("sio4j-conformance: cannot listen on " + host + ":" + port + ": " + e);
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeWithin(running, SHUTDOWN_BOUND),
                "sio4j-conformance-shutdown"));
        PrintWriter out = new PrintWriter(System.out, true);
        out.println(READY_PREFIX + "http://" + hostForUrl(bound) + ":" + bound.getPort() + " profile=" + name);
        stopped.await();
        return 0;
    }

    /**
     * Closes the profile, but never lets a slow close keep the JVM alive: the suites' scripts
     * restart the app on the same port right after stopping it.
     */
    private void closeWithin(Profile running, Duration bound) {
        Thread closer = new Thread(running::close, "sio4j-conformance-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.println("sio4j-conformance: close did not finish within " + bound + "; exiting anyway");
        }
        stopped.countDown();
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
