// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * A catch-all listener ({@code onAny}, {@code onAnyOutgoing}): the event name and its arguments.
 *
 * <p>Called on the manager's event loop, in order; it must not block. An implementation is
 * confined to that loop unless it registers on several managers.
 */
@FunctionalInterface
public interface AnyListener {
    void call(String event, Object... args);
}
