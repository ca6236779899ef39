// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.Adapter;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.Middleware;
import dev.sio4j.server.NamespaceMatcher;
import dev.sio4j.server.Socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A dynamic parent namespace (socket.io's {@code ParentNamespace}): creates child namespaces for
 * matching names, hands them its middlewares and connection listeners, and broadcasts to all of
 * them.
 *
 * <p>Thread-safe.
 */
final class ParentNamespace extends AbstractNamespace {

    private final ServerCore server;
    private final NamespaceMatcher matcher;
    private final String name;
    private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<NamespaceImpl> children = new CopyOnWriteArrayList<>();

    ParentNamespace(ServerCore server, NamespaceMatcher matcher) {
        this.server = server;
        this.matcher = matcher;
        this.name = "/_" + Ids.newId();
    }

    NamespaceMatcher matcher() {
        return matcher;
    }

    /** A new child; called inside the registry's computeIfAbsent, so at most once per name. */
    NamespaceImpl createChild(String childName) {
        NamespaceImpl child = new NamespaceImpl(server, childName, this);
        child.inherit(middlewares, connectionListeners);
        children.add(child);
        return child;
    }

    void removeChild(NamespaceImpl child) {
        children.remove(child);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ParentNamespace on(String event, Consumer<Socket> listener) {
        NamespaceImpl.checkConnectionEvent(event);
        connectionListeners.add(listener);
        for (NamespaceImpl c : children) {
            c.on(event, listener);
        }
        return this;
    }

    @Override
    public ParentNamespace use(Middleware middleware) {
        middlewares.add(middleware);
        for (NamespaceImpl c : children) {
            c.use(middleware);
        }
        return this;
    }

    @Override
    public ParentNamespace onServerSideEmit(String event, EventListener listener) {
        for (NamespaceImpl c : children) {
            c.onServerSideEmit(event, listener);
        }
        return this;
    }

    @Override
    public Map<String, Socket> sockets() {
        Map<String, Socket> all = new HashMap<>();
        for (NamespaceImpl c : children) {
            all.putAll(c.sockets());
        }
        return Map.copyOf(all);
    }

    /** A parent has no adapter of its own; its children each have one. */
    @Override
    public Adapter adapter() {
        throw new UnsupportedOperationException("a parent namespace has no adapter; use a child namespace's");
    }

    @Override
    protected BroadcastOperator operator() {
        List<BroadcastOperator> ops = new ArrayList<>();
        for (NamespaceImpl c : children) {
            ops.add(new BroadcastOperatorImpl(c));
        }
        return new FanOutOperator(ops);
    }

    @Override
    protected CompletableFuture<List<JsonNode>> serverSideEmitNodes(String event, Object[] args, Duration timeout) {
        List<CompletableFuture<List<JsonNode>>> all = new ArrayList<>();
        for (NamespaceImpl c : children) {
            all.add(c.serverSideEmitNodes(event, args, timeout));
        }
        return FanOutOperator.concat(all);
    }
}
