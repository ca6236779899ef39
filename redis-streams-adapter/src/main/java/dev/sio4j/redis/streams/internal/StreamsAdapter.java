// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.PersistedSession;
import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.redis.internal.RedisConnections;
import dev.sio4j.redis.internal.RedisConnections.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster adapter of one namespace over Redis streams, as @socket.io/redis-streams-adapter:
 * broadcasts, joins, leaves and disconnects are appended to the namespace's stream (their entry
 * id is the connection state recovery offset, the same on every node); requests that expect
 * answers are published on {@code <prefix>#<nsp>#} and answered on {@code <prefix>#<nsp>#<uid>#};
 * the node count is the number of subscribers of the first channel. Sessions of disconnected
 * sockets are kept in Redis ({@link SessionRecovery}), so a client may come back on any node.
 *
 * <p>Thread-safe; nothing here waits for Redis.
 */
final class StreamsAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(StreamsAdapter.class);

    private final StreamsAdapterFactory factory;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final Kind kind;
    private final SessionRecovery recovery;

    StreamsAdapter(AdapterNamespace nsp, StreamsAdapterFactory factory) {
        super(nsp, factory.clusterOptions());
        this.factory = factory;
        this.stream = factory.options().streamOf(nsp.name());
        this.publicChannel = channel(nsp.name(), null);
        this.privateChannel = channel(nsp.name(), uid());
        this.kind = factory.options().useShardedPubSub() ? Kind.SHARD : Kind.CHANNEL;
        this.recovery = new SessionRecovery(nsp, factory, stream);
    }

    private String channel(String nsp, String uid) {
        String prefix = factory.options().channelPrefix() + "#" + nsp + "#";
        return uid == null ? prefix : prefix + uid + "#";
    }

    String namespaceName() {
        return namespace().name();
    }

    private ObjectMapper json() {
        return namespace().mapper().objectMapper();
    }

    @Override
    public CompletableFuture<Void> init() {
        CompletableFuture<Void> local = super.init();
        int streams = factory.options().streamCount();
        if (streams > 1 && namespace().name().hashCode() % streams < 0) {
            log.warn("namespace {} is written to stream {}, which official Node nodes never read (streamCount {}):"
                    + " its cluster messages reach sio4j nodes only", namespace().name(), stream, streams);
        }
        return factory.links().thenCompose(l -> {
            RedisConnections c = l.conns();
            return CompletableFuture.allOf(
                    c.subscribe(kind, publicChannel, (ch, payload) -> onPubSub(payload)),
                    c.subscribe(kind, privateChannel, (ch, payload) -> onPubSub(payload)),
                    factory.reader(stream));
        }).thenCombine(local, (a, b) -> null);
    }

    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        super.close();
        RedisConnections c = factory.connections();
        if (c != null) {
            c.unsubscribe(kind, publicChannel);
            c.unsubscribe(kind, privateChannel);
        }
        factory.detach(this);
    }

    // ---- publishing ----

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        if (StreamCodec.isEphemeral(message)) {
            return factory.publish(publicChannel, StreamCodec.encodePubSub(message)).thenApply(n -> null);
        }
        return factory.xadd(stream, StreamCodec.entryFields(message, json()));
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage.Response response) {
        return factory.publish(channel(namespace().name(), requesterUid), StreamCodec.encodePubSub(response))
                .thenApply(n -> null);
    }

    @Override
    protected boolean transportAssignsOffsets() {
        return true;
    }

    /** The subscribers of the namespace's public channel: every node of the cluster, this one included. */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return factory.subscribers(publicChannel);
    }

    // ---- receiving ----

    /** An entry of this namespace read from the stream. */
    void onEntry(String id, Map<String, byte[]> body) {
        if (uid().equals(StreamCodec.text(body.get(StreamCodec.UID)))) {
            return; // our own, read back
        }
        ClusterMessage message;
        try {
            message = StreamCodec.decodeEntry(body, json());
        } catch (RuntimeException e) {
            countMalformed("stream entry " + id, e);
            return;
        }
        if (message != null) {
            onMessage(message, id);
        }
    }

    private void onPubSub(byte[] payload) {
        ClusterMessage message;
        try {
            message = StreamCodec.decodePubSub(payload);
        } catch (RuntimeException e) {
            countMalformed(payload.length + " bytes on " + publicChannel, e);
            return;
        }
        if (message != null) {
            onMessage(message, null);
        }
    }

    // ---- connection state recovery ----

    @Override
    public void persistSession(PersistedSession session) {
        recovery.persist(session);
    }

    @Override
    public CompletableFuture<Optional<RestoredSession>> restoreSession(String pid, String offset) {
        return recovery.restore(pid, offset);
    }
}
