// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The Redis connections of one node, shared by the adapters of all its namespaces: one
 * connection for commands (PUBLISH, SPUBLISH, PUBSUB, and whatever a sibling module needs) and
 * one Pub/Sub connection for SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE (sharded Pub/Sub, Redis 7), both
 * opened from one Lettuce {@link RedisClient}.
 *
 * <p>What it guarantees, whatever happens to Redis:
 * <ul>
 *   <li>Nothing blocks: every command is asynchronous and no method waits for Redis.</li>
 *   <li>Commands fail fast while a connection is down ({@link RedisDisconnectedException});
 *       they never queue up to be sent later, and commands in flight when a connection drops
 *       fail at once. A failed command only fails its future.</li>
 *   <li>Lettuce reconnects by itself; with a client made by {@link #newClient} it retries after
 *       10, 20, 40, ... ms up to the given maximum (Lettuce's own default grows to 30 s). After a
 *       reconnect every subscription is in place again: Lettuce re-sends the ones Redis had
 *       confirmed, and this class re-sends the (un)subscriptions that failed meanwhile.</li>
 *   <li>A handler that throws is logged; the connection goes on.</li>
 * </ul>
 *
 * <p>Subscriptions are per channel (or pattern) with one handler each, as node-redis's: the
 * handler gets the channel and the raw message. Messages arrive on Lettuce's I/O thread, in the
 * order Redis sent them; handlers must not block.
 *
 * <p>Public for the sibling Redis modules (sio4j-redis-streams-adapter); not an API. Thread-safe.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    /** Channel names are UTF-8 text; messages are bytes (JSON text or MessagePack). */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** The first reconnect delay of a client made by {@link #newClient}; it doubles per attempt. */
    static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(10);

    /** The longest {@link #closeAsync()} waits for the answers to commands already sent. */
    static final Duration DRAIN = Duration.ofSeconds(1);

    /** How commands beyond this many unanswered ones are refused instead of queued. */
    static final int MAX_PENDING_COMMANDS = 65_536;

    /** The three kinds of subscription. */
    public enum Kind {
        /** SUBSCRIBE / UNSUBSCRIBE, exact channel names. */
        CHANNEL,
        /** PSUBSCRIBE / PUNSUBSCRIBE, glob patterns; the handler gets the channel the message was sent to. */
        PATTERN,
        /** SSUBSCRIBE / SUNSUBSCRIBE, sharded Pub/Sub (Redis 7). */
        SHARD
    }

    /** Receives the messages of one subscription: the channel they were published to and the bytes. */
    @FunctionalInterface
    public interface Handler extends BiConsumer<String, byte[]> {
    }

    private final RedisClient client;
    private final RedisURI uri;
    private final Runnable onClose;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private final Map<Kind, Map<String, Handler>> subscriptions = new ConcurrentHashMap<>();
    /** Subscriptions whose last (un)subscribe failed; re-sent after a reconnect. */
    private final Set<Sub> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    private record Sub(Kind kind, String channel) {
    }

    private RedisConnections(RedisClient client, RedisURI uri, Runnable onClose,
                             StatefulRedisConnection<String, byte[]> commands,
                             StatefulRedisPubSubConnection<String, byte[]> pubSub) {
        this.client = client;
        this.uri = uri;
        this.onClose = onClose;
        this.commands = commands;
        this.pubSub = pubSub;
        for (Kind k : Kind.values()) {
            subscriptions.put(k, new ConcurrentHashMap<>());
        }
        pubSub.addListener(new Dispatcher());
        pubSub.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
                // Called after Lettuce's own re-subscription, on the connection's I/O thread.
                resubscribeDirty();
            }
        });
    }

    // ---- opening and closing ----

    /**
     * A client for {@code uri} set up for the adapters: commands rejected while disconnected
     * (never queued), a bounded command queue, {@code commandTimeout} for every command and the
     * connect, and reconnect attempts after 10 ms doubling up to {@code maxReconnectDelay}. Its
     * own I/O threads (two) are shut down with it. {@code XREAD} and {@code XREADGROUP} are not
     * timed out: they block on purpose ({@code BLOCK n}, on a connection of their own) and their
     * caller bounds the wait; a shorter timeout would pile reads up behind the blocked one.
     */
    public static RedisClient newClient(RedisURI uri, Duration maxReconnectDelay, Duration commandTimeout) {
        Objects.requireNonNull(uri, "uri");
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(new DoublingDelay(FIRST_RECONNECT_DELAY, maxReconnectDelay))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(MAX_PENDING_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutSource(new NonBlockingTimeout(commandTimeout)).build())
                .build());
        return client;
    }

    /** Shuts down a client made by {@link #newClient} and its threads, without waiting. */
    public static CompletableFuture<Void> shutdown(RedisClient client) {
        ClientResources resources = client.getResources();
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS)
                .handle((v, e) -> null)
                .thenCompose(v -> toCompletable(resources.shutdown(0, 2, TimeUnit.SECONDS)))
                .handle((v, e) -> null);
    }

    private static CompletableFuture<Void> toCompletable(io.netty.util.concurrent.Future<?> f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        f.addListener(done -> out.complete(null));
        return out;
    }

    /**
     * What {@code opening} completed with, or null while it is still running or when it failed:
     * the connections of a factory that is still connecting, or could not connect, are "none yet".
     */
    public static <T> T openedOrNull(CompletableFuture<T> opening) {
        return opening.isDone() && !opening.isCompletedExceptionally() ? opening.join() : null;
    }

    /**
     * Opens the two connections from {@code client}, to {@code uri} (null: the client's own URI,
     * then the connect runs on a thread of its own since Lettuce connects to a client's default
     * URI only synchronously). {@code onClose} runs once after {@link #close()} closed them (to
     * shut down a client this instance owns; may be null). Fails when Redis cannot be reached.
     */
    public static CompletableFuture<RedisConnections> open(RedisClient client, RedisURI uri, Runnable onClose) {
        Objects.requireNonNull(client, "client");
        CompletableFuture<StatefulRedisConnection<String, byte[]>> cmd = connect(client, uri);
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> sub = uri != null
                ? client.connectPubSubAsync(CODEC, uri).toCompletableFuture()
                : CompletableFuture.supplyAsync(() -> client.connectPubSub(CODEC), RedisConnections::startThread);
        return cmd.thenCombine(sub, (c, s) -> new RedisConnections(client, uri, onClose, c, s))
                .whenComplete((ok, err) -> {
                    if (err != null) {
                        // one of the two may have opened
                        cmd.thenAccept(StatefulRedisConnection::closeAsync);
                        sub.thenAccept(StatefulRedisPubSubConnection::closeAsync);
                        if (onClose != null) {
                            onClose.run();
                        }
                    }
                });
    }

    private static CompletableFuture<StatefulRedisConnection<String, byte[]>> connect(RedisClient client, RedisURI uri) {
        return uri != null ? client.connectAsync(CODEC, uri).toCompletableFuture()
                : CompletableFuture.supplyAsync(() -> client.connect(CODEC), RedisConnections::startThread);
    }

    /**
     * Opens one more command connection from the same client and URI, for a sibling module's
     * dedicated use (a blocking {@code XREAD} must not hold the shared one). It behaves like the
     * shared one (fails fast while down, reconnects by itself); the caller closes it.
     */
    public CompletableFuture<StatefulRedisConnection<String, byte[]>> openDedicated() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(true));
        }
        return connect(client, uri);
    }

    private static void startThread(Runnable r) {
        Thread t = new Thread(r, "sio4j-redis-connect");
        t.setDaemon(true);
        t.start();
    }

    /** The client both connections come from (a sibling module may open a dedicated connection from it). */
    public RedisClient client() {
        return client;
    }

    /** Whether both connections are up now. Cheap; never blocks. */
    public boolean isConnected() {
        return !closed.get() && commands.isOpen() && pubSub.isOpen();
    }

    /** Closes both connections, then runs the close hook; idempotent, never blocks. */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Like {@link #close()}; completes when everything is closed. Commands already sent (an
     * adapter's goodbye) get their answers first: a PING goes after them, and Redis answers in
     * order; at most {@link #DRAIN} is waited for it.
     */
    public CompletableFuture<Void> closeAsync() {
        if (closed.compareAndSet(false, true)) {
            CompletableFuture<?> drained = commands.isOpen()
                    ? commands.async().ping().toCompletableFuture().orTimeout(DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                    : CompletableFuture.completedFuture(null);
            drained.handle((v, e) -> null)
                    .thenCompose(v -> CompletableFuture.allOf(commands.closeAsync(), pubSub.closeAsync()))
                    .handle((v, e) -> {
                        if (onClose != null) {
                            onClose.run();
                        }
                        return null;
                    })
                    .whenComplete((v, e) -> closeFuture.complete(null));
        }
        return closeFuture;
    }

    // ---- commands ----

    /**
     * Runs {@code command} on the command connection, or fails at once with
     * {@link RedisDisconnectedException} when it is down. Never throws.
     */
    public <T> CompletableFuture<T> command(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        if (closed.get() || !commands.isOpen()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(closed.get()));
        }
        try {
            return command.apply(commands.async()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** PUBLISH; completes with the number of receivers. */
    public CompletableFuture<Long> publish(String channel, byte[] message) {
        return command(c -> c.publish(channel, message));
    }

    /** SPUBLISH (sharded Pub/Sub); completes with the number of receivers. */
    public CompletableFuture<Long> spublish(String channel, byte[] message) {
        return command(c -> c.spublish(channel, message));
    }

    /** PUBSUB NUMSUB {@code channel}: how many connections subscribed it (not through patterns). */
    public CompletableFuture<Integer> numsub(String channel) {
        return command(c -> c.pubsubNumsub(channel)).thenApply(m -> count(m, channel));
    }

    /** PUBSUB SHARDNUMSUB {@code channel}. */
    public CompletableFuture<Integer> shardNumsub(String channel) {
        return command(c -> c.pubsubShardNumsub(channel)).thenApply(m -> count(m, channel));
    }

    private static int count(Map<String, Long> counts, String channel) {
        Long n = counts.get(channel);
        return n == null ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
    }

    // ---- subscriptions ----

    /**
     * Subscribes {@code channel} (a pattern for {@link Kind#PATTERN}) and sends its messages to
     * {@code handler}, replacing an earlier handler. The subscription is kept across reconnects
     * even when this SUBSCRIBE fails (Redis down): it is sent again once Redis is back. The future
     * tells whether Redis confirmed it now.
     */
    public CompletableFuture<Void> subscribe(Kind kind, String channel, Handler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        if (subscriptions.get(kind).put(channel, handler) != null) {
            return CompletableFuture.completedFuture(null);
        }
        return send(new Sub(kind, channel), true);
    }

    /** Ends the subscription; like {@link #subscribe}, it is carried out after a reconnect when Redis is down now. */
    public CompletableFuture<Void> unsubscribe(Kind kind, String channel) {
        if (subscriptions.get(kind).remove(channel) == null) {
            return CompletableFuture.completedFuture(null);
        }
        return send(new Sub(kind, channel), false);
    }

    /** Whether {@code channel} is subscribed (as wanted; Redis may be down). */
    public boolean isSubscribed(Kind kind, String channel) {
        return subscriptions.get(kind).containsKey(channel);
    }

    private CompletableFuture<Void> send(Sub sub, boolean on) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(true));
        }
        CompletableFuture<Void> sent;
        if (!pubSub.isOpen()) {
            sent = CompletableFuture.failedFuture(new RedisDisconnectedException(false));
        } else {
            try {
                RedisPubSubAsyncCommands<String, byte[]> c = pubSub.async();
                String ch = sub.channel();
                sent = (switch (sub.kind()) {
                    case CHANNEL -> on ? c.subscribe(ch) : c.unsubscribe(ch);
                    case PATTERN -> on ? c.psubscribe(ch) : c.punsubscribe(ch);
                    case SHARD -> on ? c.ssubscribe(ch) : c.sunsubscribe(ch);
                }).toCompletableFuture();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
        }
        return sent.whenComplete((v, err) -> {
            if (err == null) {
                dirty.remove(sub);
            } else {
                dirty.add(sub);
                log.debug("{} {} {} failed, retried after reconnecting: {}", on ? "subscribe" : "unsubscribe",
                        sub.kind(), sub.channel(), err.toString());
            }
        });
    }

    private void resubscribeDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        List<Sub> again = new ArrayList<>(dirty);
        log.debug("re-sending {} (un)subscriptions after reconnecting", again.size());
        for (Sub s : again) {
            send(s, subscriptions.get(s.kind()).containsKey(s.channel()));
        }
    }

    private void dispatch(Kind kind, String key, String channel, byte[] message) {
        Handler h = subscriptions.get(kind).get(key);
        if (h == null) {
            return; // unsubscribed meanwhile
        }
        try {
            h.accept(channel, message);
        } catch (RuntimeException e) {
            log.warn("the handler of {} {} failed", kind, key, e);
        }
    }

    /** Hands each message to the handler of its subscription. */
    private final class Dispatcher extends RedisPubSubAdapter<String, byte[]> {
        @Override
        public void message(String channel, byte[] message) {
            dispatch(Kind.CHANNEL, channel, channel, message);
        }

        @Override
        public void message(String pattern, String channel, byte[] message) {
            dispatch(Kind.PATTERN, pattern, channel, message);
        }

        @Override
        public void smessage(String channel, byte[] message) {
            dispatch(Kind.SHARD, channel, channel, message);
        }
    }

    /** {@code timeout} for every command but the blocking stream reads (see {@link #newClient}). */
    private static final class NonBlockingTimeout extends TimeoutOptions.TimeoutSource {
        private final long nanos;

        NonBlockingTimeout(Duration timeout) {
            this.nanos = timeout.toNanos();
        }

        @Override
        public long getTimeout(RedisCommand<?, ?, ?> command) {
            ProtocolKeyword type = command == null ? null : command.getType();
            return type == CommandType.XREAD || type == CommandType.XREADGROUP ? 0 : nanos;
        }

        @Override
        public TimeUnit getTimeUnit() {
            return TimeUnit.NANOSECONDS;
        }
    }

    /** 10, 20, 40, ... ms, at most {@code max}: quick after a blip, bounded while Redis is away. */
    private static final class DoublingDelay extends Delay {
        private final Duration first;
        private final Duration max;

        DoublingDelay(Duration first, Duration max) {
            this.first = first;
            this.max = max;
        }

        @Override
        public Duration createDelay(long attempt) {
            long shift = Math.max(0, Math.min(30, attempt - 1));
            long millis = first.toMillis() << shift;
            return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
        }
    }
}
