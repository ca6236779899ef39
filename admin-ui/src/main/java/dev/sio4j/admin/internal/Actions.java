// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.admin.AdminActionException;
import dev.sio4j.admin.AdminActionException.Reason;
import dev.sio4j.server.Ack;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The admin UI's actions on one admin socket, as the UI sends them:
 * {@code emit(nsp, filter, event, ...args)}, {@code join(nsp, room, filter?)},
 * {@code leave(nsp, room, filter?)}, {@code _disconnect(nsp, close, filter?)}; a {@code filter}
 * (a room or socket id) narrows the sockets, none means every socket of the namespace. As in
 * Node they act on the whole cluster through the adapter.
 *
 * <p>Unlike Node, every argument is checked and a namespace must exist (Node's {@code io.of(nsp)}
 * would create one for any name): a bad action is refused with an {@link AdminActionException}
 * sent to that admin socket only ({@code "action_error"}, and its ack when asked for).
 *
 * <p>Thread-safe; handlers run on the admin socket's listener thread.
 */
final class Actions {

    static final String ERROR_EVENT = "action_error";
    private static final Logger log = LoggerFactory.getLogger(Actions.class);
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");
    private static final int MAX_NAME = 256;

    private final SocketIoServer io;
    private final boolean readonly;
    private final Consumer<AdminActionException> onError;

    Actions(SocketIoServer io, boolean readonly, Consumer<AdminActionException> onError) {
        this.io = io;
        this.readonly = readonly;
        this.onError = onError;
    }

    void register(Socket admin) {
        admin.onArgs("emit", (List<JsonNode> args, Ack ack) -> run(admin, "emit", args, ack, this::emit));
        admin.onArgs("join", (List<JsonNode> args, Ack ack) -> run(admin, "join", args, ack,
                a -> target("join", a, 2).socketsJoin(name("join", a, 1, "room"))));
        admin.onArgs("leave", (List<JsonNode> args, Ack ack) -> run(admin, "leave", args, ack,
                a -> target("leave", a, 2).socketsLeave(name("leave", a, 1, "room"))));
        admin.onArgs("_disconnect", (List<JsonNode> args, Ack ack) -> run(admin, "_disconnect", args, ack,
                a -> target("_disconnect", a, 2).disconnectSockets(close(a))));
    }

    private interface Action {
        void run(List<JsonNode> args);
    }

    private void run(Socket admin, String action, List<JsonNode> args, Ack ack, Action body) {
        try {
            if (readonly) {
                throw new AdminActionException(action, Reason.READONLY, "the admin UI is read-only");
            }
            body.run(args);
            if (ack.requested()) {
                ack.send();
            }
        } catch (AdminActionException e) {
            refuse(admin, e, ack);
        }
    }

    private void refuse(Socket admin, AdminActionException e, Ack ack) {
        log.debug("admin action {} refused: {} ({})", e.action(), e.reason(), e.getMessage());
        admin.emit(ERROR_EVENT, java.util.Map.of("action", e.action(), "reason", e.reason().name(),
                "message", e.getMessage()));
        if (ack.requested()) {
            ack.send(java.util.Map.of("error", e.getMessage()));
        }
        if (onError != null) {
            try {
                onError.accept(e);
            } catch (RuntimeException listenerFailure) {
                log.warn("onActionError listener failed", listenerFailure);
            }
        }
    }

    private void emit(List<JsonNode> args) {
        String event = name("emit", args, 2, "event");
        if (RESERVED.contains(event)) {
            throw new AdminActionException("emit", Reason.RESERVED_EVENT, "\"" + clean(event) + "\" is a reserved event name");
        }
        Object[] rest = args.subList(3, args.size()).toArray();
        BroadcastOperator target = target("emit", args, 1);
        try {
            target.emit(event, rest);
        } catch (IllegalArgumentException e) {
            throw new AdminActionException("emit", Reason.INVALID_ARGUMENT, "the event cannot be sent: " + clean(e.getMessage()));
        }
    }

    /** The namespace (argument 0) narrowed by the optional filter at {@code filterIndex}. */
    private BroadcastOperator target(String action, List<JsonNode> args, int filterIndex) {
        String nspName = name(action, args, 0, "namespace");
        Namespace nsp = io.namespaces().stream().filter(n -> n.name().equals(nspName)).findFirst()
                .orElseThrow(() -> new AdminActionException(action, Reason.UNKNOWN_NAMESPACE,
                        "no namespace \"" + clean(nspName) + "\" on this server"));
        JsonNode filter = filterIndex < args.size() ? args.get(filterIndex) : null;
        if (filter == null || filter.isNull() || (filter.isTextual() && filter.asText().isEmpty())) {
            return nsp.except(List.of());        // every socket of the namespace
        }
        if (!filter.isTextual() || filter.asText().length() > MAX_NAME) {
            throw new AdminActionException(action, Reason.INVALID_ARGUMENT, "the filter must be a room name or socket id");
        }
        return nsp.in(filter.asText());
    }

    private static String name(String action, List<JsonNode> args, int index, String what) {
        JsonNode n = index < args.size() ? args.get(index) : null;
        if (n == null || !n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_NAME) {
            throw new AdminActionException(action, Reason.INVALID_ARGUMENT,
                    "argument " + (index + 1) + " (" + what + ") must be a non-empty string of at most " + MAX_NAME + " characters");
        }
        return n.asText();
    }

    private static boolean close(List<JsonNode> args) {
        JsonNode n = args.size() > 1 ? args.get(1) : null;
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new AdminActionException("_disconnect", Reason.INVALID_ARGUMENT, "argument 2 (close) must be a boolean");
        }
        return n.booleanValue();
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
