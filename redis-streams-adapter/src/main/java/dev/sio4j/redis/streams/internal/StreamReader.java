// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads one Redis stream for ever: {@code XREAD COUNT n BLOCK ms STREAMS <stream> <id>} on a
 * connection of its own, each read starting after the last entry read, every entry handed to
 * the sink in stream order (this node's own entries too; the adapters drop them by uid).
 *
 * <p>It starts after the stream's last entry at start time (what the official adapter's
 * {@code $} means, but resolved once: {@code $} again after an empty wait would skip whatever
 * was added between two reads). When a read fails (Redis went away, or answered an error) it
 * tries again after 10 ms, doubling up to 1 s, and at once when its connection is back, from the
 * same id: nothing the stream still holds is skipped.
 *
 * <p>Thread-safe: at most one read is in flight (the {@code reading} flag); the sink is called on
 * Lettuce's I/O thread and must not block.
 */
final class StreamReader {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long MAX_RETRY_MILLIS = 1000;

    private final String stream;
    private final XReadArgs args;
    private final Consumer<StreamMessage<String, byte[]>> sink;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, byte[]> conn;
    private volatile String lastId;
    private volatile boolean stopped;
    /** Reads failed in a row (sets the retry delay); reset when the connection is back. */
    private volatile int failures;

    /**
     * A reader of {@code stream} on {@code connection} (which it owns from now on), fetching
     * {@code count} entries at most and waiting {@code block} for new ones per read.
     */
    StreamReader(String stream, CompletableFuture<StatefulRedisConnection<String, byte[]>> connection, int count,
                 Duration block, Consumer<StreamMessage<String, byte[]>> sink) {
        this.stream = stream;
        this.args = XReadArgs.Builder.count(count).block(block);
        this.sink = sink;
        connection.thenCompose(c -> {
            conn = c;
            c.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    failures = 0;
                    kick();
                }
            });
            return lastEntryId(c);
        }).whenComplete((id, err) -> {
            if (err != null || stopped) {
                stop(); // also closes a connection that opened after stop()
                started.completeExceptionally(err != null ? err : new IllegalStateException("stopped"));
                return;
            }
            lastId = id;
            started.complete(null);
            kick();
        });
    }

    /** The id of the stream's last entry, {@code 0-0} when there is none (or no stream yet). */
    private CompletableFuture<String> lastEntryId(StatefulRedisConnection<String, byte[]> c) {
        return c.async().xrevrange(stream, Range.unbounded(), Limit.from(1)).toCompletableFuture()
                .thenApply(last -> last.isEmpty() ? "0-0" : last.get(0).getId());
    }

    /** Completes when the reader knows where to start (entries added from then on are read). */
    CompletableFuture<Void> started() {
        return started;
    }

    /** Whether its connection is up. */
    boolean isConnected() {
        StatefulRedisConnection<String, byte[]> c = conn;
        return !stopped && c != null && c.isOpen();
    }

    /** Stops reading and closes the connection (a read in flight is cancelled); idempotent. */
    CompletableFuture<Void> stop() {
        stopped = true;
        StatefulRedisConnection<String, byte[]> c = conn;
        return c == null ? CompletableFuture.completedFuture(null) : c.closeAsync().exceptionally(e -> null);
    }

    /** Starts a read unless one is in flight. */
    private void kick() {
        if (!stopped && lastId != null && reading.compareAndSet(false, true)) {
            read();
        }
    }

    private void read() {
        StatefulRedisConnection<String, byte[]> c = conn;
        if (stopped) {
            reading.set(false);
            return;
        }
        if (!c.isOpen()) {
            // Lettuce would refuse it; the connection listener kicks as soon as it is back
            failures++;
            retryLater(c);
            return;
        }
        CompletableFuture<List<StreamMessage<String, byte[]>>> read;
        try {
            read = c.async().xread(args, from(lastId)).toCompletableFuture();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((entries, err) -> {
            if (err != null) {
                if (!stopped) {
                    failures++;
                    if (failures == 1) {
                        log.debug("reading stream {} failed, retrying from {}: {}", stream, lastId, err.toString());
                    }
                }
                retryLater(c);
                return;
            }
            failures = 0;
            for (StreamMessage<String, byte[]> entry : entries) {
                lastId = entry.getId();
                try {
                    sink.accept(entry);
                } catch (RuntimeException e) {
                    log.warn("an entry of stream {} could not be handled", stream, e);
                }
            }
            read();
        });
    }

    /** The varargs parameter of {@code xread}, as the one-element array it is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private XReadArgs.StreamOffset<String>[] from(String id) {
        return new XReadArgs.StreamOffset[] {XReadArgs.StreamOffset.from(stream, id)};
    }

    private void retryLater(StatefulRedisConnection<String, byte[]> c) {
        reading.set(false);
        if (stopped) {
            return;
        }
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 10));
        c.getResources().eventExecutorGroup().schedule(this::kick, delay, TimeUnit.MILLISECONDS);
    }
}
