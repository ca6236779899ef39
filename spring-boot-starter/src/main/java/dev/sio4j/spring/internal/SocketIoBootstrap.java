// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import dev.sio4j.server.SocketIoServer;
import dev.sio4j.spring.SocketIoConfigurer;
import dev.sio4j.spring.SocketIoListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts the server into the application context's life: once every singleton exists it applies
 * the {@link SocketIoConfigurer} beans and the {@link SocketIoListener} beans (checking their
 * methods, so that a bad one fails the start), then the context's lifecycle binds the port and,
 * on shutdown, ends the sessions within {@code sio4j.shutdown-timeout}.
 *
 * <p>Phase {@link #PHASE}: started after the beans of the default phase 0 (a Redis connection
 * factory among them) and near the web server, stopped before them, so the Redis adapter still
 * has its connection while sessions end.
 *
 * <p>Thread-safe: Spring calls it from its own threads; {@code running} is volatile.
 */
public final class SocketIoBootstrap implements SmartInitializingSingleton, SmartLifecycle {

    /** The lifecycle phase: the one Spring Boot gives the web server's graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    /** The environment property holding the port bound, as Spring Boot's {@code local.server.port}. */
    public static final String LOCAL_PORT_PROPERTY = "local.sio4j.port";

    /** How long {@link #start()} waits for the adapters (a cluster adapter's subscriptions). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /** What the close at the end of a drain may take beyond the drain's deadline. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(SocketIoBootstrap.class);

    private final SocketIoServer server;
    private final String host;
    private final int port;
    private final Duration shutdownTimeout;
    private final ListableBeanFactory beans;
    private final List<SocketIoConfigurer> configurers;
    private final ConfigurableEnvironment environment;
    private volatile boolean running;
    private volatile InetSocketAddress address;

    /**
     * @param host        the address to bind, null for every interface
     * @param port        the port to bind; negative when the server is attached to the web server's
     * @param configurers in the order to apply them
     */
    public SocketIoBootstrap(SocketIoServer server, String host, int port, Duration shutdownTimeout, ListableBeanFactory beans,
                             List<SocketIoConfigurer> configurers, ConfigurableEnvironment environment) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.shutdownTimeout = shutdownTimeout;
        this.beans = beans;
        this.configurers = List.copyOf(configurers);
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (SocketIoConfigurer c : configurers) {
            c.configure(server);
        }
        for (String name : beans.getBeanNamesForAnnotation(SocketIoListener.class)) {
            Object bean = beans.getBean(name);
            Class<?> type = beans.getType(name);
            SocketIoListener annotation = type == null ? null : AnnotatedElementUtils.findMergedAnnotation(type, SocketIoListener.class);
            String namespace = annotation == null ? "/" : annotation.namespace();
            ListenerMethods methods = ListenerMethods.inspect(bean, name, server.options().payloadMapper());
            server.of(namespace).on("connection", methods::attach);
            log.debug("sio4j listener bean '{}' on namespace {}", name, namespace);
        }
    }

    @Override
    public void start() {
        try {
            // A cluster adapter must hear the other nodes before this one takes clients.
            server.ready().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sio4j server's adapter", e);
        } catch (ExecutionException | TimeoutException e) {
            closeServer();
            throw new IllegalStateException("the sio4j server's adapter did not start within " + READY_TIMEOUT, e);
        }
        if (port < 0) {
            // Attached to the web server, which started in an earlier phase and holds the port.
            address = new InetSocketAddress(environment.getRequiredProperty("local.server.port", Integer.class));
        } else {
            try {
                address = host == null ? server.listen(port) : server.listen(host, port);
            } catch (BindException e) {
                throw new IllegalStateException("sio4j could not listen on " + (host == null ? "*" : host) + ":" + port, e);
            }
        }
        environment.getPropertySources().addFirst(new MapPropertySource("sio4j.local",
                Map.of(LOCAL_PORT_PROPERTY, address.getPort())));
        running = true;
        log.info("sio4j Socket.IO server {} {}:{} (path {})", port < 0 ? "on the web server's port" : "listening on",
                address.getHostString(), address.getPort(), server.options().path());
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        closeServer().whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("sio4j server did not close cleanly within {}", shutdownTimeout, error);
            }
            callback.run();
        });
    }

    @Override
    public void stop() {
        try {
            closeServer().get(shutdownTimeout.plus(CLOSE_GRACE).toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("sio4j server did not close cleanly within {}", shutdownTimeout, e);
        } finally {
            running = false;
        }
    }

    /**
     * The one place the server is ended: a graceful drain (new sessions refused with 503, each
     * client ended once its acks are settled so it reconnects elsewhere) with the shutdown timeout
     * as its deadline; the drain closes what is left at the deadline, and the wait allows a little
     * more for that close itself.
     */
    private CompletableFuture<Void> closeServer() {
        return server.shutdown(shutdownTimeout)
                .orTimeout(shutdownTimeout.plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Not paused with a cached test context (Spring 7 stops pauseable beans when a test switches
     * contexts, and starts them again on reuse): a closed server cannot listen again, and its
     * port, often 0 in tests, would change under the test that reads {@code local.sio4j.port}.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The address bound, or null before {@link #start()}. */
    public InetSocketAddress address() {
        return address;
    }
}
