// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineObserver;

/** The observer of a server nobody observes. Stateless and thread-safe. */
public final class EngineObservers {

    /**
     * Hears nothing. Code that must measure before it can report (read the clock, count the
     * bytes of a polling packet) compares the server's observer with this one first.
     */
    public static final EngineObserver NONE = new EngineObserver() {
    };

    private EngineObservers() {
    }
}
