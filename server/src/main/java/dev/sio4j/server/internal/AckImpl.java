// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.server.Ack;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@link Ack} handed to a listener: answers once, then does nothing.
 *
 * <p>Thread-safe.
 */
final class AckImpl implements Ack {

    private static final AckImpl NONE = new AckImpl(null);

    private final Consumer<ArrayNode> sender;
    private final AtomicBoolean sent = new AtomicBoolean();
    private final PayloadMapper mapper;

    private AckImpl(Consumer<ArrayNode> sender) {
        this(sender, null);
    }

    private AckImpl(Consumer<ArrayNode> sender, PayloadMapper mapper) {
        this.sender = sender;
        this.mapper = mapper;
    }

    static AckImpl none() {
        return NONE;
    }

    /**
     * An ack that answers the client's event {@code id} through its socket's {@code out}; until
     * it is sent, a drain waits for it ({@link ConnectionImpl#quiet}).
     */
    static AckImpl forSocket(OutgoingEvents out, ConnectionImpl client, long id) {
        client.ackOwed(1);
        return new AckImpl(args -> {
            out.sendAck(id, args);
            client.ackOwed(-1); // after the ACK is queued, so a drain that sees 0 ends the session behind it
        }, out.mapper());
    }

    /** An ack answering another node's serverSideEmit with the first argument. */
    static AckImpl forServer(PayloadMapper mapper, Consumer<JsonNode> answer) {
        return new AckImpl(args -> answer.accept(EventArgs.first(EventArgs.tail(args, 0))), mapper);
    }

    @Override
    public void send(Object... args) {
        if (sender == null || !sent.compareAndSet(false, true)) {
            return;
        }
        sender.accept(EventArgs.array(mapper, args));
    }

    @Override
    public boolean requested() {
        return sender != null;
    }
}
