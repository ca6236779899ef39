// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.PersistedSession;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessageJson.ClusterMessageFormatException;
import dev.sio4j.adapter.internal.MsgPack;
import dev.sio4j.protocol.PayloadMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Connection state recovery across nodes, as @socket.io/redis-streams-adapter keeps it: the
 * session of a socket that dropped is {@code SET <prefix><pid> <base64(msgpack {sid, pid, rooms,
 * data})> PX <maxDisconnectionDuration>}; a client that comes back on any node with its pid and
 * the last offset (a stream entry id) it got is restored when the session is there (taken with
 * {@code MULTI; GET; DEL; EXEC}, so at most once) and the offset is still in the stream, with the
 * broadcasts of its namespace after that offset that it would have received.
 *
 * <p>Where this differs from the official adapter, it is on the safe side: the missed entries
 * are read in pages of {@value #PAGE} (the official reads the whole rest of the stream per call)
 * and, when the stream grows faster than it can be read ({@value #MAX_PAGES} pages), the session
 * is not restored rather than restored with packets missing. Like the official adapter it
 * replays volatile broadcasts (which carry no offset, so a client may get one twice).
 *
 * <p>Thread-safe.
 */
final class SessionRecovery {

    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern OFFSET = Pattern.compile("[0-9]+-[0-9]+");
    private static final String BROADCAST = Integer.toString(dev.sio4j.adapter.cluster.MessageType.BROADCAST.number());

    /** Entries per XRANGE while collecting missed packets. */
    static final int PAGE = 1000;
    /** XRANGE calls at most (the official adapter's limit too). */
    static final int MAX_PAGES = 100;

    private final AdapterNamespace nsp;
    private final StreamsAdapterFactory factory;
    private final String stream;
    private final String keyPrefix;

    SessionRecovery(AdapterNamespace nsp, StreamsAdapterFactory factory, String stream) {
        this.nsp = nsp;
        this.factory = factory;
        this.stream = stream;
        this.keyPrefix = factory.options().sessionKeyPrefix();
    }

    /** Keeps {@code session} for the namespace's recovery window; failures are logged, never thrown. */
    void persist(PersistedSession session) {
        Duration window = nsp.maxDisconnectionDuration();
        if (window == null) {
            return;
        }
        byte[] value;
        try {
            value = encode(session, nsp.mapper());
        } catch (RuntimeException e) {
            log.warn("the session of socket {} cannot be kept: its data is not representable as JSON ({})",
                    session.sid(), e.toString());
            return;
        }
        CompletableFuture<String> set = factory.command(c -> c.set(keyPrefix + session.pid(), value,
                SetArgs.Builder.px(window.toMillis())));
        factory.track(set);
        set.whenComplete((ok, err) -> {
            if (err != null) {
                log.debug("the session of socket {} was not kept: {}", session.sid(), err.toString());
            }
        });
    }

    /** The session {@code pid} with what it missed after {@code offset}, or empty. Never fails. */
    CompletableFuture<Optional<RestoredSession>> restore(String pid, String offset) {
        String next = offset == null ? null : nextId(offset);
        if (nsp.maxDisconnectionDuration() == null || pid == null || next == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<byte[]> stored = factory.getAndDelete(keyPrefix + pid);
        CompletableFuture<Boolean> offsetKnown = factory.command(c -> c.xrange(stream, Range.create(offset, offset)))
                .thenApply(entries -> !entries.isEmpty());
        return stored.thenCombine(offsetKnown, (raw, known) -> raw != null && known ? decode(raw, nsp.mapper()) : null)
                .thenCompose(session -> session == null ? CompletableFuture.completedFuture((RestoredSession) null)
                        : missed(session, next, 1, new ArrayList<>()).thenApply(p -> new RestoredSession(session, p)))
                .handle((restored, err) -> {
                    if (err != null) {
                        log.debug("session not restored: {}", err.toString());
                        return Optional.empty();
                    }
                    return Optional.ofNullable(restored);
                });
    }

    /** The packets for {@code session} from entry {@code from} on, a page at a time. */
    private CompletableFuture<List<ArrayNode>> missed(PersistedSession session, String from, int page, List<ArrayNode> found) {
        return factory.command(c -> c.xrange(stream, Range.from(Range.Boundary.including(from), Range.Boundary.unbounded()),
                Limit.from(PAGE))).thenCompose(entries -> {
                    for (StreamMessage<String, byte[]> entry : entries) {
                        ArrayNode packet = missedPacket(entry, session.rooms());
                        if (packet != null) {
                            found.add(packet);
                        }
                    }
                    if (entries.size() < PAGE) {
                        return CompletableFuture.completedFuture(found);
                    }
                    if (page >= MAX_PAGES) {
                        throw new IllegalStateException("more than " + PAGE * MAX_PAGES + " entries to catch up");
                    }
                    return missed(session, nextId(entries.get(entries.size() - 1).getId()), page + 1, found);
                });
    }

    /** The EVENT data (offset appended) of a broadcast entry of this namespace that reaches {@code rooms}, or null. */
    private ArrayNode missedPacket(StreamMessage<String, byte[]> entry, Set<String> rooms) {
        Map<String, byte[]> body = entry.getBody();
        if (!nsp.name().equals(StreamCodec.text(body.get(StreamCodec.NSP)))
                || !BROADCAST.equals(StreamCodec.text(body.get(StreamCodec.TYPE)))) {
            return null;
        }
        ClusterMessage m;
        try {
            m = StreamCodec.decodeEntry(body, nsp.mapper().objectMapper());
        } catch (RuntimeException e) {
            log.debug("skipped malformed stream entry {} while restoring a session: {}", entry.getId(), e.toString());
            return null;
        }
        if (!(m instanceof ClusterMessage.Broadcast b) || b.requestId() != null || !b.opts().matches(rooms)) {
            return null;
        }
        return b.data().add(entry.getId());
    }

    /**
     * The id right after {@code id} ({@code ms-(seq+1)}: Redis before 6.2 has no exclusive
     * ranges), or null when {@code id} is not an entry id.
     */
    static String nextId(String id) {
        if (!OFFSET.matcher(id).matches()) {
            return null;
        }
        int dash = id.indexOf('-');
        try {
            long ms = Long.parseUnsignedLong(id.substring(0, dash));
            long seq = Long.parseUnsignedLong(id.substring(dash + 1));
            return seq == -1L ? Long.toUnsignedString(ms + 1) + "-0" : Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- the stored form ----

    /** {@code base64(msgpack {sid, pid, rooms, data})}, the socket's own id first among its rooms. */
    static byte[] encode(PersistedSession session, PayloadMapper mapper) {
        ObjectNode tree = F.objectNode();
        tree.put("sid", session.sid());
        tree.put("pid", session.pid());
        ArrayNode rooms = tree.putArray("rooms");
        if (session.rooms().contains(session.sid())) {
            rooms.add(session.sid());
        }
        for (String room : session.rooms()) {
            if (!room.equals(session.sid())) {
                rooms.add(room);
            }
        }
        JsonNode data = mapper.toTree(session.data());
        tree.set("data", data != null && data.isObject() ? data : F.objectNode());
        return Base64.getEncoder().encode(MsgPack.encode(tree));
    }

    /** The session in a stored value; its data as a mutable map (null values left out). */
    static PersistedSession decode(byte[] stored, PayloadMapper mapper) {
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new ClusterMessageFormatException("a stored session is not base64");
        }
        JsonNode tree = StreamCodec.unpack(packed);
        JsonNode sid = tree.get("sid");
        JsonNode pid = tree.get("pid");
        JsonNode rooms = tree.get("rooms");
        if (sid == null || !sid.isTextual() || pid == null || !pid.isTextual() || rooms == null || !rooms.isArray()) {
            throw new ClusterMessageFormatException("a stored session needs sid, pid and rooms");
        }
        Set<String> roomSet = new LinkedHashSet<>();
        for (JsonNode room : rooms) {
            if (!room.isTextual() && !room.isNumber()) {
                throw new ClusterMessageFormatException("a room name must be a string");
            }
            roomSet.add(room.asText());
        }
        Map<String, Object> data = new ConcurrentHashMap<>();
        JsonNode d = tree.get("data");
        if (d != null && d.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = mapper.fromTree(d, Map.class);
            plain.forEach((k, v) -> {
                if (v != null) {
                    data.put(k, v);
                }
            });
        }
        return new PersistedSession(sid.textValue(), pid.textValue(), roomSet, data);
    }
}
