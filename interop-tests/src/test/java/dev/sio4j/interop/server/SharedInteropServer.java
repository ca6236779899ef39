// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link InteropServer} for all the tests of a class: started before the first, closed after
 * the last. Register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedInteropServer shared = new SharedInteropServer();
 * }</pre>
 *
 * <p>Written by JUnit's callbacks before and after the tests, read by the tests; the field is
 * volatile so that a test on another thread sees the started server, which is thread-safe.
 */
final class SharedInteropServer implements BeforeAllCallback, AfterAllCallback {

    private volatile InteropServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = InteropServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** The running server. */
    InteropServer server() {
        InteropServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started: register SharedInteropServer as a static extension");
        }
        return s;
    }
}
