// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.time.Duration;

/** What a {@link Session} reports to its server. Implementations are thread-safe. */
interface SessionRegistry {

    /** The session is closed for the application (counted out of clientsCount). Called once. */
    void closed(Session session);

    /** Forget the sid now. */
    void remove(Session session);

    /** Keep the sid known for at most {@code max} so a last GET can collect the CLOSE packet. */
    void linger(Session session, Duration max);

    /** Where refusals (violations that end a session) are counted. */
    Refusals refusals();
}
