// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.PayloadMappingException;
import dev.sio4j.server.Ack;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One checked {@code @OnEvent} method: maps the event's arguments to its payload parameters in
 * order, calls it, and answers the ack with its return value when it has one.
 *
 * <p>Immutable; called on the socket's listener executor.
 */
final class EventMethod {

    private static final Logger log = LoggerFactory.getLogger(EventMethod.class);

    /** What each parameter takes. */
    enum Param { SOCKET, ACK, PAYLOAD }

    private final String event;
    private final Invoker invoker;
    private final Param[] params;
    private final JavaType[] types;
    private final boolean returnsAck;
    private final boolean async;
    private final PayloadMapper mapper;

    EventMethod(String event, Invoker invoker, Param[] params, JavaType[] types, boolean returnsAck, boolean async,
                PayloadMapper mapper) {
        this.event = event;
        this.invoker = invoker;
        this.params = params.clone();
        this.types = types.clone();
        this.returnsAck = returnsAck;
        this.async = async;
        this.mapper = mapper;
    }

    String event() {
        return event;
    }

    /**
     * Handles one event. An argument that does not map throws {@link EventArgumentException}
     * before the method runs: the server reports it to the socket's error listeners (at debug
     * level without any, since a client causes it) and the socket stays connected.
     */
    void call(Socket socket, List<JsonNode> args, Ack ack) {
        Object[] values = new Object[params.length];
        int next = 0;
        for (int i = 0; i < params.length; i++) {
            values[i] = switch (params[i]) {
                case SOCKET -> socket;
                case ACK -> ack;
                case PAYLOAD -> map(next < args.size() ? args.get(next) : null, types[i]);
            };
            if (params[i] == Param.PAYLOAD) {
                next++;
            }
        }
        Object result = invoker.invoke(values);
        if (!returnsAck) {
            return;
        }
        if (async && result != null) {
            ((CompletionStage<?>) result).whenComplete((value, error) -> {
                if (error == null) {
                    ack.send(value);
                } else {
                    // Past the listener's return: the socket's error listeners are out of reach.
                    log.warn("the result of sio4j listener method {} for event \"{}\" failed; the ack stays unanswered",
                            ListenerMethods.describe(invoker.declared()), event, error);
                }
            });
        } else {
            ack.send(result);
        }
    }

    private Object map(JsonNode arg, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (arg == null || arg.isMissingNode()) {
            if (raw.isPrimitive()) {
                throw new EventArgumentException(event, raw,
                        new PayloadMappingException("no argument for a parameter of type " + raw.getName(), null));
            }
            return null;
        }
        if (JsonNode.class.isAssignableFrom(raw) && raw.isInstance(arg)) {
            return arg;
        }
        if (raw.isPrimitive() && arg.isNull()) {
            throw new EventArgumentException(event, raw,
                    new PayloadMappingException("null for a parameter of type " + raw.getName(), null));
        }
        try {
            return mapper.fromTree(arg, type);
        } catch (PayloadMappingException e) {
            throw new EventArgumentException(event, raw, e);
        }
    }
}
