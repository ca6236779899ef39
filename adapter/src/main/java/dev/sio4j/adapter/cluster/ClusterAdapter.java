// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.InMemoryAdapter;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.SocketDetails;
import dev.sio4j.adapter.cluster.ClusterMessage.AdapterClose;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastClientCount;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.Heartbeat;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The base of every cluster adapter (socket.io-adapter's {@code ClusterAdapterWithHeartbeat}):
 * each cluster-visible operation becomes a {@link ClusterMessage} for the other nodes, and the
 * messages other nodes send are carried out here for this node's sockets. A transport
 * implements only {@link #doPublish} and {@link #doPublishResponse}, calls
 * {@link #onMessage} for what it receives, and usually counts the nodes itself
 * ({@link #serverCount()}).
 *
 * <p>What it does for the transport:
 * <ul>
 *   <li>broadcasts (rooms, except, volatile, compress, binary; {@code local} stays local), with
 *       acknowledgements: each node reports how many of its sockets it sent to, then every ack;</li>
 *   <li>{@code socketsJoin}, {@code socketsLeave}, {@code disconnectSockets}, {@code serverSideEmit};</li>
 *   <li>requests ({@code fetchSockets}, {@code serverSideEmitWithAck}, {@code allRooms}) with a
 *       request id, one answer expected per other node, and a timeout that ends the request with
 *       what arrived ({@link ClusterTimeoutException});</li>
 *   <li>heartbeats (optional): the nodes heard from, each forgotten after
 *       {@link ClusterAdapterOptions#heartbeatTimeout()} of silence or when it says it closes;</li>
 *   <li>connection state recovery offsets: given by the transport when it has them
 *       ({@link #transportAssignsOffsets()}), else kept by this node as the in-memory adapter does.</li>
 * </ul>
 *
 * <p>A failed publish never fails the caller: local delivery goes on, the failure is counted
 * ({@link #stats()}) and requests that depended on it fail with {@link ClusterPublishException}.
 *
 * <p>Thread-safe. {@link #onMessage} may be called from any thread (typically the transport's
 * I/O thread); nothing here blocks, and local delivery hops to each socket's own event loop.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);

    /** The uid of @socket.io/redis-emitter, which is not a node. */
    public static final String EMITTER_UID = "emitter";

    private final ClusterAdapterOptions options;
    private final String uid;
    private final SecureRandom random = new SecureRandom();
    private final PendingRequests requests;
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final Map<String, Long> nodes = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastPublishNanos = System.nanoTime();
    private volatile ScheduledFuture<?> heartbeatTimer;
    private volatile ScheduledFuture<?> cleanupTimer;

    /** An adapter of {@code nsp} whose uid is 8 random bytes in hex, as socket.io-adapter's. */
    protected ClusterAdapter(AdapterNamespace nsp, ClusterAdapterOptions options) {
        this(nsp, options, null);
    }

    /** An adapter of {@code nsp} with the given {@code uid} (null: 8 random bytes in hex). */
    protected ClusterAdapter(AdapterNamespace nsp, ClusterAdapterOptions options, String uid) {
        super(nsp);
        this.options = options == null ? ClusterAdapterOptions.DEFAULTS : options;
        this.uid = uid != null ? uid : newRequestId();
        this.requests = new PendingRequests(nsp.scheduler());
    }

    // ---- what a transport implements ----

    /**
     * Sends {@code message} to every other node. The message must be encoded before this
     * returns (its JSON trees may be reused afterwards). Never blocks.
     *
     * @return completes when the transport has taken the message, with its offset for connection
     *     state recovery when the transport assigns them (else null); fails when it could not
     */
    protected abstract CompletableFuture<String> doPublish(ClusterMessage message);

    /** Sends {@code response} to the node {@code requesterUid}; same contract as {@link #doPublish}. */
    protected abstract CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage.Response response);

    /**
     * Whether {@link #doPublish} returns the recovery offset of a broadcast (the Redis stream's
     * entry id), the same on every node. Then local delivery of a broadcast waits for it. Default
     * false: every node keeps its own offsets.
     */
    protected boolean transportAssignsOffsets() {
        return false;
    }

    /** A fresh request id: 8 random bytes in hex, as socket.io-adapter's. */
    protected String newRequestId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- lifecycle ----

    /** This node's id for this namespace. */
    public final String uid() {
        return uid;
    }

    /** The options. */
    protected final ClusterAdapterOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<Void> init() {
        CompletableFuture<Void> local = super.init();
        if (options.heartbeats()) {
            publishQuietly(new Heartbeat(uid, namespace().name(), true));
            long interval = options.heartbeatInterval().toMillis();
            heartbeatTimer = namespace().scheduler().scheduleWithFixedDelay(this::heartbeatIfIdle,
                    interval, interval, TimeUnit.MILLISECONDS);
            long sweep = Math.max(1, Math.min(1000, options.heartbeatTimeout().toMillis() / 2));
            cleanupTimer = namespace().scheduler().scheduleWithFixedDelay(this::forgetSilentNodes,
                    sweep, sweep, TimeUnit.MILLISECONDS);
        }
        return local;
    }

    private void heartbeatIfIdle() {
        if (System.nanoTime() - lastPublishNanos >= options.heartbeatInterval().toNanos() * 9 / 10) {
            publishQuietly(new Heartbeat(uid, namespace().name(), false));
        }
    }

    private void forgetSilentNodes() {
        long limit = System.nanoTime() - options.heartbeatTimeout().toNanos();
        nodes.entrySet().removeIf(e -> {
            boolean silent = e.getValue() - limit < 0;
            if (silent) {
                log.debug("[{}] node {} of {} went silent", uid, e.getKey(), namespace().name());
            }
            return silent;
        });
    }

    /**
     * Says goodbye to the other nodes (with heartbeats on), stops the timers and fails the
     * requests still waiting; idempotent. Transports close their connections after calling it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (options.heartbeats()) {
            publishQuietly(new AdapterClose(uid, namespace().name()));
        }
        cancel(heartbeatTimer);
        cancel(cleanupTimer);
        IllegalStateException gone = new IllegalStateException("the adapter of " + namespace().name() + " closed");
        requests.failAll(gone);
        ackRequests.clear();
        nodes.clear();
        super.close();
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed.get();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---- membership and counters ----

    /** The uids of the other nodes heard from recently (always empty with heartbeats off). */
    public Set<String> nodes() {
        return Set.copyOf(nodes.keySet());
    }

    /**
     * How many nodes serve this namespace, this one included. Here: 1 plus the nodes heard
     * from recently. Transports that can count subscribers (Redis {@code PUBSUB NUMSUB}) override
     * it, since nodes of other implementations may send no heartbeats.
     */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1 + nodes.size());
    }

    /** The counters since start. */
    public ClusterStats stats() {
        return new ClusterStats(published.sum(), publishFailures.sum(), received.sum(), malformed.sum(),
                requests.count(), requests.timeouts(), requests.nanos(), nodes.size());
    }

    /** For transports: a message that could not be decoded was dropped. */
    protected final void countMalformed(String what, Throwable cause) {
        malformed.increment();
        log.debug("[{}] dropped a malformed message on {}: {}", uid, namespace().name(), what, cause);
    }

    // ---- publishing ----

    /** Publishes {@code message}; the returned future fails with {@link ClusterPublishException}. */
    protected final CompletableFuture<String> publish(ClusterMessage message) {
        lastPublishNanos = System.nanoTime();
        CompletableFuture<String> sent;
        try {
            sent = doPublish(message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((offset, err) -> {
            if (err == null) {
                published(message.type());
                return offset;
            }
            throw publishFailed(message.type(), err);
        });
    }

    private void publishQuietly(ClusterMessage message) {
        publish(message).exceptionally(err -> null);
    }

    /** Sends {@code response} to {@code requesterUid}; failures are counted and logged, never thrown. */
    protected final void publishResponse(String requesterUid, ClusterMessage.Response response) {
        CompletableFuture<Void> sent;
        try {
            sent = doPublishResponse(requesterUid, response);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, err) -> {
            if (err == null) {
                published(response.type());
            } else {
                publishFailed(response.type(), err);
            }
        });
    }

    private void published(MessageType type) {
        published.increment();
        if (failing.compareAndSet(true, false)) {
            log.info("[{}] publishing to the cluster works again ({})", uid, namespace().name());
        }
    }

    private CompletionException publishFailed(MessageType type, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        publishFailures.increment();
        if (failing.compareAndSet(false, true)) {
            log.warn("[{}] cannot publish to the cluster ({}); local delivery goes on: {}", uid, namespace().name(),
                    cause.toString());
        } else {
            log.debug("[{}] publish of {} failed: {}", uid, type, cause.toString());
        }
        return new CompletionException(cause instanceof ClusterPublishException e ? e
                : new ClusterPublishException(type, "cannot publish " + type + ": " + cause.getMessage(), cause));
    }

    // ---- operations of this node ----

    @Override
    public void broadcast(SocketPacket packet, BroadcastOptions opts) {
        if (opts.flags().local() || !(packet.data() instanceof ArrayNode data)) {
            super.broadcast(packet, opts);
            return;
        }
        CompletableFuture<String> sent = publish(new Broadcast(uid, namespace().name(), data, opts, null));
        if (!transportAssignsOffsets()) {
            super.broadcast(packet, opts);
            return;
        }
        // The offset is the transport's (the same on every node), so local delivery waits for it.
        sent.whenComplete((offset, err) -> localBroadcast(withOffset(packet, opts, err == null ? offset : null), opts));
    }

    /** {@code packet} with {@code offset} appended when connection state recovery wants it there. */
    private SocketPacket withOffset(SocketPacket packet, BroadcastOptions opts, String offset) {
        if (offset == null || namespace().maxDisconnectionDuration() == null || packet.type() != SocketPacketType.EVENT
                || packet.id() != null || opts.flags().volatile_() || !(packet.data() instanceof ArrayNode data)) {
            return packet;
        }
        ArrayNode withOffset = data.deepCopy();
        withOffset.add(offset);
        return new SocketPacket(packet.type(), packet.namespace(), withOffset, null);
    }

    @Override
    public void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<JsonNode> onResponse) {
        if (!opts.flags().local() && packet.data() instanceof ArrayNode data) {
            String requestId = newRequestId();
            ackRequests.put(requestId, new AckRequest(clientCount, onResponse));
            publishQuietly(new Broadcast(uid, namespace().name(), data, opts, requestId));
            // Whether every remote ack arrived is known only to the caller, so the entry simply
            // lives as long as the acks may come.
            namespace().scheduler().schedule(() -> ackRequests.remove(requestId),
                    ackTimeout(opts).toMillis(), TimeUnit.MILLISECONDS);
        }
        super.broadcastWithAck(packet, opts, clientCount, onResponse);
    }

    private Duration ackTimeout(BroadcastOptions opts) {
        return opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publishQuietly(new SocketsJoin(uid, namespace().name(), opts, rooms));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publishQuietly(new SocketsLeave(uid, namespace().name(), opts, rooms));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publishQuietly(new DisconnectSockets(uid, namespace().name(), opts, close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        List<SocketDetails> local = List.copyOf(localTargets(opts));
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
        return otherNodes(MessageType.FETCH_SOCKETS).thenCompose(others -> sendRequest(others, timeout, local,
                id -> publish(new FetchSockets(uid, namespace().name(), opts, id))));
    }

    /**
     * The rooms of every node. Here through {@code fetchSockets} (the union of the rooms of all
     * sockets), which every node of the official cluster adapters answers; a transport with a
     * cheaper request overrides it.
     */
    @Override
    public CompletableFuture<Set<String>> allRooms() {
        return fetchSockets(BroadcastOptions.ALL).thenApply(sockets -> {
            Set<String> all = new LinkedHashSet<>(rooms().keySet());
            sockets.forEach(s -> all.addAll(s.rooms()));
            return all;
        });
    }

    @Override
    public void serverSideEmit(List<JsonNode> args) {
        publishQuietly(new ServerSideEmit(uid, namespace().name(), args, null));
    }

    @Override
    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(List<JsonNode> args, Duration timeout) {
        Duration t = timeout != null ? timeout : options.requestsTimeout();
        return otherNodes(MessageType.SERVER_SIDE_EMIT).thenCompose(others -> sendRequest(others, t, List.<JsonNode>of(),
                id -> publish(new ServerSideEmit(uid, namespace().name(), args, id))));
    }

    /**
     * How many other nodes will answer a request of {@code type}; when the transport cannot
     * count them (its connection is down), the request fails as its publish would: with a
     * counted {@link ClusterPublishException}.
     */
    private CompletableFuture<Integer> otherNodes(MessageType type) {
        CompletableFuture<Integer> count;
        try {
            count = serverCount();
        } catch (RuntimeException e) {
            count = CompletableFuture.failedFuture(e);
        }
        return count.handle((n, err) -> {
            if (err != null) {
                throw publishFailed(type, err);
            }
            return n - 1;
        });
    }

    // ---- requests ----

    /**
     * Registers a request expecting one answer from each of {@code expected} nodes, sends it with
     * {@code send} (given the request id) and completes with {@code initial} plus every item
     * answered. Completes at once when {@code expected} is not positive; fails with
     * {@link ClusterTimeoutException} after {@code timeout}, or with the send's failure. For
     * transports with request kinds of their own (answers go to {@link #onRequestAnswer}).
     */
    protected final <T> CompletableFuture<List<T>> sendRequest(int expected, Duration timeout, List<T> initial,
                                                               Function<String, CompletableFuture<?>> send) {
        if (expected <= 0) {
            return CompletableFuture.completedFuture(List.copyOf(initial));
        }
        return requests.start(newRequestId(), expected, timeout, initial, send);
    }

    /** Whether {@code requestId} is a request of this node still waiting for answers. */
    protected final boolean isPendingRequest(String requestId) {
        return requests.isPending(requestId);
    }

    /** One node's answer ({@code items}, possibly none) to the pending request {@code requestId}. */
    protected final void onRequestAnswer(String requestId, Collection<?> items) {
        requests.answer(requestId, items);
    }

    private record AckRequest(IntConsumer clientCount, Consumer<JsonNode> onResponse) {
    }

    // ---- what other nodes send ----

    /**
     * Carries out {@code message} from another node for this node's sockets. Messages of this
     * adapter ({@link #uid()}) and of other namespaces are ignored.
     *
     * @param offset the message's recovery offset when the transport assigns them, else null
     */
    protected final void onMessage(ClusterMessage message, String offset) {
        if (uid.equals(message.uid()) || !namespace().name().equals(message.nsp()) || closed.get()) {
            return;
        }
        received.increment();
        if (options.heartbeats() && !EMITTER_UID.equals(message.uid())) {
            nodes.put(message.uid(), System.nanoTime());
        }
        try {
            dispatch(message, offset);
        } catch (RuntimeException e) {
            log.warn("[{}] failed to carry out a {} from {}", uid, message.type(), message.uid(), e);
        }
    }

    private void dispatch(ClusterMessage message, String offset) {
        if (message instanceof Heartbeat h) {
            if (h.initial()) {
                publishQuietly(new Heartbeat(uid, namespace().name(), false));
            }
        } else if (message instanceof AdapterClose) {
            nodes.remove(message.uid());
        } else if (message instanceof Broadcast b) {
            onBroadcast(b, offset);
        } else if (message instanceof SocketsJoin j) {
            super.addSockets(j.opts(), j.rooms());
        } else if (message instanceof SocketsLeave l) {
            super.delSockets(l.opts(), l.rooms());
        } else if (message instanceof DisconnectSockets d) {
            super.disconnectSockets(d.opts(), d.close());
        } else if (message instanceof FetchSockets f) {
            List<RemoteSocketDetails> sockets = new ArrayList<>();
            for (LocalSocket s : localTargets(f.opts())) {
                sockets.add(RemoteSocketDetails.of(s, this::toJson));
            }
            publishResponse(f.uid(), new FetchSocketsResponse(uid, namespace().name(), f.requestId(), sockets));
        } else if (message instanceof ServerSideEmit e) {
            onServerSideEmit(e);
        } else if (message instanceof ClusterMessage.Response r) {
            onResponse(r);
        }
    }

    private JsonNode toJson(Object value) {
        try {
            return namespace().mapper().toTree(value);
        } catch (RuntimeException e) {
            log.debug("[{}] socket data not representable as JSON: {}", uid, e.toString());
            return null;
        }
    }

    private void onBroadcast(Broadcast b, String offset) {
        SocketPacket packet = SocketPacket.event(namespace().name(), b.data());
        if (b.requestId() == null) {
            if (transportAssignsOffsets()) {
                localBroadcast(withOffset(packet, b.opts(), offset), b.opts());
            } else {
                super.broadcast(packet, b.opts());
            }
            return;
        }
        BroadcastOptions opts = b.opts().flags().timeout() != null ? b.opts()
                : new BroadcastOptions(b.opts().rooms(), b.opts().except(),
                        b.opts().flags().withTimeout(options.requestsTimeout()));
        String requestId = b.requestId();
        super.broadcastWithAck(packet, opts,
                count -> publishResponse(b.uid(), new BroadcastClientCount(uid, namespace().name(), requestId, count)),
                answer -> publishResponse(b.uid(), new BroadcastAck(uid, namespace().name(), requestId, answer)));
    }

    private void onServerSideEmit(ServerSideEmit e) {
        if (e.requestId() == null) {
            namespace().onServerSideEmit(e.data(), null);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        namespace().onServerSideEmit(e.data(), answer -> {
            if (answered.compareAndSet(false, true)) {
                publishResponse(e.uid(), new ServerSideEmitResponse(uid, namespace().name(), e.requestId(), answer));
            }
        });
    }

    private void onResponse(ClusterMessage.Response r) {
        if (r instanceof BroadcastClientCount c) {
            AckRequest a = ackRequests.get(c.requestId());
            if (a != null) {
                a.clientCount().accept(c.clientCount());
            }
        } else if (r instanceof BroadcastAck a) {
            AckRequest req = ackRequests.get(a.requestId());
            if (req != null) {
                req.onResponse().accept(a.answer());
            }
        } else if (r instanceof FetchSocketsResponse f) {
            onRequestAnswer(f.requestId(), f.sockets());
        } else if (r instanceof ServerSideEmitResponse s) {
            onRequestAnswer(s.requestId(), List.of(s.answer()));
        }
    }
}
