// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.EngineObserver;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.RefusalCounts;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's refusals: one counter per {@link RefusalCause}, the {@code connection_error}
 * listeners, the observer's {@code refused} call, the DEBUG log line of each session refusal and
 * the INFO line of each refused request ({@link ConnectionLog}). Nothing from a request body, its query or
 * its headers is logged (they may carry session ids and tokens): only the id, cause, status,
 * message, context, client address, method and path. Thread-safe; public so that the Socket.IO
 * layer can count its own refusals on the same counters.
 */
public final class Refusals implements RefusalCounts {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);
    private static final RefusalCause[] CAUSES = RefusalCause.values();

    private final LongAdder[] counters = new LongAdder[CAUSES.length];
    private final List<Consumer<ConnectionError>> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionLog connectionLog;
    private volatile EngineObserver observer = EngineObservers.NONE;

    public Refusals() {
        this(new ConnectionLog());
    }

    Refusals(ConnectionLog connectionLog) {
        this.connectionLog = connectionLog;
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    @Override
    public long count(RefusalCause cause) {
        return counters[cause.ordinal()].sum();
    }

    @Override
    public Map<RefusalCause, Long> snapshot() {
        Map<RefusalCause, Long> m = new EnumMap<>(RefusalCause.class);
        for (RefusalCause c : CAUSES) {
            m.put(c, count(c));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Who hears of every refusal from now on ({@link EngineObservers#NONE}: nobody). */
    void observer(EngineObserver observer) {
        this.observer = observer;
    }

    void addListener(Consumer<ConnectionError> listener) {
        listeners.add(listener);
    }

    /**
     * Counts a refusal that is not an HTTP answer (a session closed, a namespace refused) and
     * logs it at DEBUG: {@code what} says what happened, in words fit for a log.
     */
    public void session(RefusalCause cause, InetAddress client, String what) {
        counters[cause.ordinal()].increment();
        observer.refused(cause);
        if (log.isDebugEnabled()) {
            log.debug("refused ({}) {} from {}", cause, what, DefaultEngineRequest.describe(client));
        }
    }

    /** Counts, logs and reports a refused Engine.IO request. */
    ConnectionError http(EngineRequest req, RefusalCause cause, int status, int code, String message,
            Map<String, String> context) {
        return report(new ConnectionError(newId(), cause, status, code, message, context,
                address(req.clientAddress()), req.method(), req.path(), lowerCase(req.headers())));
    }

    /**
     * Counts, logs and reports a request refused before it became an Engine.IO request (it did
     * not parse, or broke an HTTP rule); {@code req} may be null.
     */
    ConnectionError raw(HttpRequest req, SocketAddress remote, RefusalCause cause, int status, String message,
            Map<String, String> context) {
        String method = "";
        String path = "";
        Map<String, List<String>> headers = Map.of();
        if (req != null && req.decoderResult().isSuccess()) {
            method = req.method().name();
            String uri = req.uri();
            int q = uri.indexOf('?');
            path = q < 0 ? uri : uri.substring(0, q);
            Map<String, List<String>> h = new TreeMap<>();
            for (Map.Entry<String, String> e : req.headers()) {
                h.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
            }
            headers = h;
        }
        InetAddress client = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
        return report(new ConnectionError(newId(), cause, status, EngineError.BAD_REQUEST.code(), message, context,
                address(client), method, path, headers));
    }

    private ConnectionError report(ConnectionError e) {
        counters[e.cause().ordinal()].increment();
        observer.refused(e.cause());
        connectionLog.refused(e);
        for (Consumer<ConnectionError> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("a connection_error listener threw", ex);
            }
        }
        return e;
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        return h;
    }

    private static String address(InetAddress a) {
        return a == null ? "" : a.getHostAddress();
    }

    /** 12 hex digits: enough to find one line among a day's logs; not a secret. */
    private static String newId() {
        return String.format(Locale.ROOT, "%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
    }
}
