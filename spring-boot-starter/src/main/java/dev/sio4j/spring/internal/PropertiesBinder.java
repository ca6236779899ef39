// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.server.SocketLimits;
import dev.sio4j.spring.SocketIoProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.time.Duration;
import java.util.List;

/**
 * Applies the {@code sio4j.*} properties to a server builder. Each value is checked here, or by
 * the option it sets, and a bad one becomes an {@link InvalidConfigurationPropertyValueException}
 * naming the property, which Spring Boot's failure analysis prints as such at start.
 *
 * <p>Stateless; thread-safe.
 */
public final class PropertiesBinder {

    private PropertiesBinder() {
    }

    /** A builder with {@code p} applied; customizers come after. */
    public static SocketIoServer.Builder builder(SocketIoProperties p) {
        SocketIoServer.Builder b = SocketIoServer.builder();
        check("sio4j.port", p.getPort(), p.getPort() >= 0 && p.getPort() <= 65535, "must be 0 to 65535");
        check("sio4j.host", p.getHost(), p.getHost() == null || !p.getHost().isBlank(), "must not be blank");
        set("sio4j.path", p.getPath(), () -> {
            if (p.getPath() == null || p.getPath().isBlank() || p.getPath().chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
                throw new IllegalArgumentException("must be a URL path such as /socket.io/");
            }
            b.path(p.getPath());
        });
        set("sio4j.ping-interval", p.getPingInterval(), () -> b.pingInterval(positive(p.getPingInterval())));
        set("sio4j.ping-timeout", p.getPingTimeout(), () -> b.pingTimeout(positive(p.getPingTimeout())));
        set("sio4j.connect-timeout", p.getConnectTimeout(), () -> b.connectTimeout(positive(p.getConnectTimeout())));
        set("sio4j.shutdown-timeout", p.getShutdownTimeout(), () -> positive(p.getShutdownTimeout()));
        set("sio4j.max-http-buffer-size", p.getMaxHttpBufferSize(), () -> {
            long bytes = p.getMaxHttpBufferSize() == null ? -1 : p.getMaxHttpBufferSize().toBytes();
            if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("must be 1 byte to 2 GB");
            }
            b.maxHttpBufferSize((int) bytes);
        });
        set("sio4j.max-namespaces-per-client", p.getMaxNamespacesPerClient(),
                () -> b.options(o -> o.maxNamespacesPerClient(p.getMaxNamespacesPerClient())));
        if (!p.getTrustedProxies().isEmpty()) {
            set("sio4j.trusted-proxies", p.getTrustedProxies(), () -> b.trustedProxies(p.getTrustedProxies().toArray(String[]::new)));
        }
        cors(p.getCors(), b);
        limits(p.getLimits(), b);
        SocketIoProperties.Recovery r = p.getConnectionStateRecovery();
        if (r.isEnabled()) {
            set("sio4j.connection-state-recovery.max-disconnection-duration", r.getMaxDisconnectionDuration(),
                    () -> b.connectionStateRecovery(new ConnectionStateRecovery(positive(r.getMaxDisconnectionDuration()), r.isSkipMiddlewares())));
        }
        return b;
    }

    private static void cors(SocketIoProperties.Cors c, SocketIoServer.Builder b) {
        if (c.isAllowAnyOrigin()) {
            b.allowAnyOrigin();
        }
        List<String> origins = c.getAllowedOrigins();
        if (origins.isEmpty()) {
            check("sio4j.cors.credentials", true, !c.isCredentials(), "needs sio4j.cors.allowed-origins");
            return;
        }
        set("sio4j.cors.allowed-origins", origins, () -> {
            CorsOptions.Builder cors = CorsOptions.builder().credentials(c.isCredentials());
            if (origins.contains("*")) {
                if (origins.size() > 1) {
                    throw new IllegalArgumentException("* stands alone");
                }
                cors.anyOrigin(true);
            } else {
                cors.allowedOrigins(origins.toArray(String[]::new));
            }
            b.cors(cors.build());
        });
    }

    private static void limits(SocketIoProperties.Limits l, SocketIoServer.Builder b) {
        ConnectionLimits.Builder conn = ConnectionLimits.defaults().toBuilder();
        SocketLimits.Builder socket = SocketLimits.defaults().toBuilder();
        if (l.getMaxConnectionsPerIp() != null) {
            set("sio4j.limits.max-connections-per-ip", l.getMaxConnectionsPerIp(), () -> conn.maxConnectionsPerIp(l.getMaxConnectionsPerIp()));
        }
        if (l.getHandshakesPerSecondPerIp() != null) {
            set("sio4j.limits.handshakes-per-second-per-ip", l.getHandshakesPerSecondPerIp(),
                    () -> conn.handshakesPerIp(RateLimit.perSecond(l.getHandshakesPerSecondPerIp())));
        }
        if (l.getMaxConnectionsPerUser() != null) {
            set("sio4j.limits.max-connections-per-user", l.getMaxConnectionsPerUser(), () -> socket.maxConnectionsPerUser(l.getMaxConnectionsPerUser()));
        }
        if (l.getMaxArgumentsPerEvent() != null) {
            set("sio4j.limits.max-arguments-per-event", l.getMaxArgumentsPerEvent(), () -> socket.maxArgumentsPerEvent(l.getMaxArgumentsPerEvent()));
        }
        if (l.getEventsPerSecond() != null) {
            set("sio4j.limits.events-per-second", l.getEventsPerSecond(), () -> socket.eventsPerSecond(RateLimit.perSecond(l.getEventsPerSecond())));
        }
        set("sio4j.limits", "", () -> b.connectionLimits(conn.build()).socketLimits(socket.build()));
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be a positive duration");
        }
        return d;
    }

    private static void check(String name, Object value, boolean ok, String reason) {
        if (!ok) {
            throw new InvalidConfigurationPropertyValueException(name, value, reason);
        }
    }

    /** Runs {@code apply}; what the option refuses is reported against {@code name}. */
    private static void set(String name, Object value, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(name, value, e.getMessage());
        }
    }
}
