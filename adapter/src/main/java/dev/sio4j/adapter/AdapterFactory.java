// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

/**
 * Creates the {@link Adapter} of each namespace (socket.io's {@code adapter} option). The
 * default is {@code InMemoryAdapter::new}; a cluster adapter's factory shares its connection
 * between the namespaces it creates adapters for.
 *
 * <p>Implementations are thread-safe: namespaces may be created from any thread.
 */
@FunctionalInterface
public interface AdapterFactory {

    /** The adapter of {@code namespace}; {@link Adapter#init()} is called by the server. */
    Adapter create(AdapterNamespace namespace);
}
