// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineObserver;
import dev.sio4j.engine.Transport;
import java.time.Duration;

/** What a {@link Session} reports to its server. Implementations are thread-safe. */
interface SessionRegistry {

    /** The session started on {@code transport} (its OPEN packet is queued). Called once, on its loop. */
    void opened(Session session, Transport transport);

    /** The session now rides on a WebSocket. On its loop. */
    void upgraded(Session session);

    /** The session is closed for the application (counted out of clientsCount). Called once, on its loop. */
    void closed(Session session, CloseReason reason, String description);

    /** Forget the sid now. */
    void remove(Session session);

    /** Keep the sid known for at most {@code max} so a last GET can collect the CLOSE packet. */
    void linger(Session session, Duration max);

    /** Where refusals (violations that end a session) are counted. */
    Refusals refusals();

    /** Who observes the server now ({@link EngineObservers#NONE}: nobody). Any thread. */
    EngineObserver observer();
}
