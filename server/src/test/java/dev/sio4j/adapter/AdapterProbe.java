// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

/**
 * Lets the server's tests read the in-memory adapter's package-private bookkeeping. Tests run on
 * the class path, where this class shares the adapter's package; the size is not public API.
 */
public final class AdapterProbe {

    private AdapterProbe() {
    }

    /** Packets and sessions the adapter holds for connection state recovery. */
    public static int recoveryStoreSize(InMemoryAdapter adapter) {
        return adapter.recoveryStoreSize();
    }
}
