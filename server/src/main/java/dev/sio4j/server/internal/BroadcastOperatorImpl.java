// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.AckException;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.server.BroadcastAckCallback;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.RemoteSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The immutable broadcast selection of one namespace; every modifier returns a copy.
 *
 * <p>Thread-safe.
 */
final class BroadcastOperatorImpl implements BroadcastOperator {

    private final NamespaceImpl nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;
    private volatile BroadcastOptions options;

    BroadcastOperatorImpl(NamespaceImpl nsp) {
        this(nsp, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    BroadcastOperatorImpl(NamespaceImpl nsp, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    private static Set<String> plus(Set<String> set, Collection<String> more) {
        Set<String> out = new LinkedHashSet<>(set);
        for (String r : more) {
            out.add(Objects.requireNonNull(r, "room"));
        }
        return Set.copyOf(out);
    }

    @Override public BroadcastOperator to(String room) { return to(List.of(room)); }
    @Override public BroadcastOperator to(Collection<String> more) {
        return new BroadcastOperatorImpl(nsp, plus(rooms, more), except, flags);
    }
    @Override public BroadcastOperator in(String room) { return to(room); }
    @Override public BroadcastOperator in(Collection<String> more) { return to(more); }
    @Override public BroadcastOperator except(String room) { return except(List.of(room)); }
    @Override public BroadcastOperator except(Collection<String> more) {
        return new BroadcastOperatorImpl(nsp, rooms, plus(except, more), flags);
    }
    @Override public BroadcastOperator volatile_() { return withFlags(flags.withVolatile(true)); }
    @Override public BroadcastOperator compress(boolean compress) { return withFlags(flags.withCompress(compress)); }
    @Override public BroadcastOperator local() { return withFlags(flags.withLocal(true)); }
    @Override public BroadcastOperator timeout(Duration timeout) { return withFlags(flags.withTimeout(timeout)); }

    private BroadcastOperator withFlags(BroadcastFlags f) {
        return new BroadcastOperatorImpl(nsp, rooms, except, f);
    }

    private BroadcastOptions options() {
        // Made once per operator: a namespace's own operator serves every io.emit.
        BroadcastOptions o = options;
        if (o == null) {
            o = new BroadcastOptions(rooms, except, flags);
            options = o; // racy on purpose: an immutable value, possibly made twice
        }
        return o;
    }

    @Override
    public boolean emit(String event, Object... args) {
        EventArgs.checkEventName(event);
        if (args.length > 0 && args[args.length - 1] instanceof BroadcastAckCallback cb) {
            emitWithAck(event, Arrays.asList(args).subList(0, args.length - 1), cb);
            return true;
        }
        ArrayNode data = EventArgs.event(nsp.server().mapper(), event, Arrays.asList(args));
        nsp.adapter().broadcast(SocketPacket.event(nsp.name(), data), options());
        return true;
    }

    @Override
    public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
        EventArgs.checkEventName(event);
        CompletableFuture<List<JsonNode>> f = new CompletableFuture<>();
        emitWithAck(event, Arrays.asList(args), (err, responses) -> {
            if (err != null) {
                f.completeExceptionally(err);
            } else {
                f.complete(responses);
            }
        });
        return f;
    }

    @Override
    public <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) {
        Objects.requireNonNull(type, "type");
        PayloadMapper mapper = nsp.server().mapper();
        return emitWithAck(event, args).thenApply(responses -> {
            List<T> mapped = new ArrayList<>(responses.size());
            for (JsonNode r : responses) {
                mapped.add(r.isMissingNode() ? null : mapper.fromTree(r, type));
            }
            return mapped;
        });
    }

    private void emitWithAck(String event, List<Object> args, BroadcastAckCallback cb) {
        if (flags.timeout() == null) {
            throw new IllegalStateException("a broadcast with acknowledgements needs timeout(...)");
        }
        ArrayNode data = EventArgs.event(nsp.server().mapper(), event, args);
        AckCollector collector = new AckCollector(cb);
        collector.timer = nsp.scheduler().schedule(collector::timeout, flags.timeout().toMillis(), TimeUnit.MILLISECONDS);
        nsp.adapter().broadcastWithAck(SocketPacket.event(nsp.name(), data), options(),
                collector::clientCount, collector::response);
        nsp.adapter().serverCount().thenAccept(collector::serverCount);
    }

    /** Aggregates the answers of one broadcast; completes its callback exactly once. */
    private static final class AckCollector {
        private final BroadcastAckCallback cb;
        private final List<JsonNode> responses = new ArrayList<>();
        private int expectedClients;
        private int expectedServers = -1;
        private int actualServers;
        private boolean done;
        volatile ScheduledFuture<?> timer;

        AckCollector(BroadcastAckCallback cb) {
            this.cb = cb;
        }

        void clientCount(int n) {
            synchronized (this) {
                expectedClients += n;
                actualServers++;
            }
            check();
        }

        void serverCount(int n) {
            synchronized (this) {
                expectedServers = n;
            }
            check();
        }

        void response(JsonNode r) {
            synchronized (this) {
                if (done) {
                    return;
                }
                responses.add(r);
            }
            check();
        }

        private void check() {
            List<JsonNode> result;
            synchronized (this) {
                if (done || expectedServers != actualServers || responses.size() < expectedClients) {
                    return;
                }
                done = true;
                result = List.copyOf(responses);
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            cb.onAck(null, result);
        }

        void timeout() {
            List<JsonNode> result;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                result = List.copyOf(responses);
            }
            cb.onAck(AckException.timeout(result), result);
        }
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return nsp.adapter().fetchSockets(options()).thenApply(list -> {
            List<RemoteSocket> out = new ArrayList<>(list.size());
            list.forEach(d -> out.add(new RemoteSocketImpl(nsp, d)));
            return out;
        });
    }

    @Override public void socketsJoin(String room) { socketsJoin(List.of(room)); }
    @Override public void socketsJoin(Collection<String> more) { nsp.adapter().addSockets(options(), Set.copyOf(more)); }
    @Override public void socketsLeave(String room) { socketsLeave(List.of(room)); }
    @Override public void socketsLeave(Collection<String> more) { nsp.adapter().delSockets(options(), Set.copyOf(more)); }
    @Override public void disconnectSockets(boolean close) { nsp.adapter().disconnectSockets(options(), close); }
}
