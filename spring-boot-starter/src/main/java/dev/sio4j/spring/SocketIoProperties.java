// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sio4j.*} properties: what most applications set; everything else through a
 * {@link SocketIoServerCustomizer}. Values are checked when the server is built, and a bad one
 * fails the application's start with the property's name. Defaults are the server's (socket.io
 * 4.8's) unless noted.
 *
 * <pre>
 * sio4j.port=3000
 * sio4j.cors.allowed-origins=https://app.example.com
 * sio4j.ping-interval=25s
 * sio4j.limits.max-connections-per-ip=100
 * </pre>
 *
 * <p>Not thread-safe: bound once at start, read-only afterwards.
 */
@ConfigurationProperties("sio4j")
public class SocketIoProperties {

    /** Whether the auto-configuration builds and starts a server; default true. */
    private boolean enabled = true;
    /** The address to bind; default every interface. */
    private String host;
    /** The server's own port (0 picks a free one, e.g. in tests; the port bound is then in {@code local.sio4j.port}); default 3000. */
    private int port = 3000;
    /** The endpoint path; default {@code /socket.io/}. */
    private String path = "/socket.io/";
    /** How often each connection is pinged; default 25 s. */
    private Duration pingInterval = Duration.ofSeconds(25);
    /** How long a pong may take; default 20 s. */
    private Duration pingTimeout = Duration.ofSeconds(20);
    /** How long a new connection may take to join a namespace; default 45 s. */
    private Duration connectTimeout = Duration.ofSeconds(45);
    /** The largest message or polling body a client may send; default 1 MB (1e6 bytes). */
    private DataSize maxHttpBufferSize = DataSize.ofBytes(1_000_000);
    /** How many namespaces one connection may join; default 100. */
    private int maxNamespacesPerClient = 100;
    /** The proxies (CIDRs) whose forwarding headers are believed; default none. */
    private List<String> trustedProxies = new ArrayList<>();
    /**
     * Serve on the WebFlux server's port (Reactor Netty) instead of {@code port}; default false.
     * See {@link SocketIoWebFluxAutoConfiguration}.
     */
    private boolean attachToWebServer;
    /** How long the server may take to end its sessions when the application stops; default 10 s. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private final Cors cors = new Cors();
    private final Limits limits = new Limits();
    private final Recovery connectionStateRecovery = new Recovery();
    private final Redis redis = new Redis();
    private final Security security = new Security();

    /** See the field. @return whether the server is built and started */
    public boolean isEnabled() { return enabled; }
    /** @param enabled whether the server is built and started */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    /** @return the address to bind, null for every interface */
    public String getHost() { return host; }
    /** @param host the address to bind */
    public void setHost(String host) { this.host = host; }
    /** @return the port */
    public int getPort() { return port; }
    /** @param port the port, 0 for a free one */
    public void setPort(int port) { this.port = port; }
    /** @return whether the server shares the WebFlux server's port */
    public boolean isAttachToWebServer() { return attachToWebServer; }
    /** @param attach whether the server shares the WebFlux server's port */
    public void setAttachToWebServer(boolean attach) { this.attachToWebServer = attach; }
    /** @return the endpoint path */
    public String getPath() { return path; }
    /** @param path the endpoint path */
    public void setPath(String path) { this.path = path; }
    /** @return the ping interval */
    public Duration getPingInterval() { return pingInterval; }
    /** @param pingInterval the ping interval */
    public void setPingInterval(Duration pingInterval) { this.pingInterval = pingInterval; }
    /** @return the ping timeout */
    public Duration getPingTimeout() { return pingTimeout; }
    /** @param pingTimeout the ping timeout */
    public void setPingTimeout(Duration pingTimeout) { this.pingTimeout = pingTimeout; }
    /** @return the connect timeout */
    public Duration getConnectTimeout() { return connectTimeout; }
    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    /** @return the largest message a client may send */
    public DataSize getMaxHttpBufferSize() { return maxHttpBufferSize; }
    /** @param maxHttpBufferSize the largest message a client may send */
    public void setMaxHttpBufferSize(DataSize maxHttpBufferSize) { this.maxHttpBufferSize = maxHttpBufferSize; }
    /** @return how many namespaces one connection may join */
    public int getMaxNamespacesPerClient() { return maxNamespacesPerClient; }
    /** @param maxNamespacesPerClient how many namespaces one connection may join */
    public void setMaxNamespacesPerClient(int maxNamespacesPerClient) { this.maxNamespacesPerClient = maxNamespacesPerClient; }
    /** @return the trusted proxies' CIDRs */
    public List<String> getTrustedProxies() { return trustedProxies; }
    /** @param trustedProxies the trusted proxies' CIDRs */
    public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
    /** @return how long the server may take to end its sessions on shutdown */
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    /** @param shutdownTimeout how long the server may take to end its sessions on shutdown */
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    /** @return the CORS settings */
    public Cors getCors() { return cors; }
    /** @return the limits */
    public Limits getLimits() { return limits; }
    /** @return the connection state recovery settings */
    public Recovery getConnectionStateRecovery() { return connectionStateRecovery; }
    /** @return the Redis adapter settings */
    public Redis getRedis() { return redis; }
    /** @return the Spring Security settings */
    public Security getSecurity() { return security; }

    /**
     * {@code sio4j.cors.*}: which browser origins may connect. Without any, only pages served
     * from the server's own origin (and non-browser clients) may.
     */
    public static class Cors {
        /** Origins allowed, e.g. {@code https://app.example.com}; {@code *} for any. */
        private List<String> allowedOrigins = new ArrayList<>();
        /** Whether cookies and credentials may be sent (not with {@code *}); default false. */
        private boolean credentials;
        /** Turns the Origin check off altogether (development only); default false. */
        private boolean allowAnyOrigin;

        /** @return the allowed origins */
        public List<String> getAllowedOrigins() { return allowedOrigins; }
        /** @param allowedOrigins the allowed origins */
        public void setAllowedOrigins(List<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
        /** @return whether credentials may be sent */
        public boolean isCredentials() { return credentials; }
        /** @param credentials whether credentials may be sent */
        public void setCredentials(boolean credentials) { this.credentials = credentials; }
        /** @return whether the Origin check is off */
        public boolean isAllowAnyOrigin() { return allowAnyOrigin; }
        /** @param allowAnyOrigin whether the Origin check is off */
        public void setAllowAnyOrigin(boolean allowAnyOrigin) { this.allowAnyOrigin = allowAnyOrigin; }
    }

    /** {@code sio4j.limits.*}: unset values keep the server's defaults (see {@code ConnectionLimits}, {@code SocketLimits}). */
    public static class Limits {
        /** Open sessions per client address (server default 1000). */
        private Integer maxConnectionsPerIp;
        /** Handshakes per second per client address (server default 100, burst 1000). */
        private Double handshakesPerSecondPerIp;
        /** Connections per identity across namespaces (server default 50). */
        private Integer maxConnectionsPerUser;
        /** Arguments in one event (server default 100). */
        private Integer maxArgumentsPerEvent;
        /** Events per second per socket (server default: no limit). */
        private Double eventsPerSecond;

        /** @return sessions per address, null for the default */
        public Integer getMaxConnectionsPerIp() { return maxConnectionsPerIp; }
        /** @param v sessions per address */
        public void setMaxConnectionsPerIp(Integer v) { this.maxConnectionsPerIp = v; }
        /** @return handshakes per second per address, null for the default */
        public Double getHandshakesPerSecondPerIp() { return handshakesPerSecondPerIp; }
        /** @param v handshakes per second per address */
        public void setHandshakesPerSecondPerIp(Double v) { this.handshakesPerSecondPerIp = v; }
        /** @return connections per identity, null for the default */
        public Integer getMaxConnectionsPerUser() { return maxConnectionsPerUser; }
        /** @param v connections per identity */
        public void setMaxConnectionsPerUser(Integer v) { this.maxConnectionsPerUser = v; }
        /** @return arguments per event, null for the default */
        public Integer getMaxArgumentsPerEvent() { return maxArgumentsPerEvent; }
        /** @param v arguments per event */
        public void setMaxArgumentsPerEvent(Integer v) { this.maxArgumentsPerEvent = v; }
        /** @return events per second per socket, null for none */
        public Double getEventsPerSecond() { return eventsPerSecond; }
        /** @param v events per second per socket */
        public void setEventsPerSecond(Double v) { this.eventsPerSecond = v; }
    }

    /** {@code sio4j.connection-state-recovery.*}: off unless enabled. */
    public static class Recovery {
        /** Whether a client that reconnects soon gets its socket back; default false. */
        private boolean enabled;
        /** How long a session is kept after a disconnection; default 2 min. */
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);
        /** Whether a recovered socket skips the middlewares; default true. */
        private boolean skipMiddlewares = true;

        /** @return whether recovery is on */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether recovery is on */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return how long a session is kept */
        public Duration getMaxDisconnectionDuration() { return maxDisconnectionDuration; }
        /** @param d how long a session is kept */
        public void setMaxDisconnectionDuration(Duration d) { this.maxDisconnectionDuration = d; }
        /** @return whether recovered sockets skip the middlewares */
        public boolean isSkipMiddlewares() { return skipMiddlewares; }
        /** @param skip whether recovered sockets skip the middlewares */
        public void setSkipMiddlewares(boolean skip) { this.skipMiddlewares = skip; }
    }

    /**
     * {@code sio4j.redis.*}: the Redis adapter (module {@code sio4j-redis-adapter}) on the
     * application's Lettuce connection factory ({@code spring-boot-starter-data-redis}); off
     * unless enabled.
     */
    public static class Redis {
        /** Whether the server uses the Redis adapter; default false. */
        private boolean enabled;
        /** {@code classic} ({@code createAdapter}) or {@code sharded} (Redis 7); default classic. */
        private Mode mode = Mode.CLASSIC;
        /** The channel prefix, the same on every node; default {@code socket.io}. */
        private String key = "socket.io";
        /** How long cluster requests wait for the other nodes; default 5 s. */
        private Duration requestsTimeout = Duration.ofSeconds(5);

        /** @return whether the Redis adapter is used */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether the Redis adapter is used */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return the adapter kind */
        public Mode getMode() { return mode; }
        /** @param mode the adapter kind */
        public void setMode(Mode mode) { this.mode = mode; }
        /** @return the channel prefix */
        public String getKey() { return key; }
        /** @param key the channel prefix */
        public void setKey(String key) { this.key = key; }
        /** @return how long cluster requests wait */
        public Duration getRequestsTimeout() { return requestsTimeout; }
        /** @param requestsTimeout how long cluster requests wait */
        public void setRequestsTimeout(Duration requestsTimeout) { this.requestsTimeout = requestsTimeout; }

        /** The two Redis Pub/Sub adapters. */
        public enum Mode {
            /** {@code @socket.io/redis-adapter}'s {@code createAdapter}. */
            CLASSIC,
            /** {@code createShardedAdapter}, on Redis 7's sharded Pub/Sub. */
            SHARDED
        }
    }

    /** {@code sio4j.security.*}: Spring Security for the handshake; off unless enabled. */
    public static class Security {
        /**
         * Whether every namespace authenticates its sockets through the application's
         * {@code ReactiveAuthenticationManager} or {@code AuthenticationManager} bean; default false.
         */
        private boolean enabled;

        /** @return whether handshakes are authenticated */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether handshakes are authenticated */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }
}
