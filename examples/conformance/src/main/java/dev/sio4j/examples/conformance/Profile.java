// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One server setup of the conformance app, serving the exact contract an official test suite
 * expects. Created stopped; {@link #start} binds; {@link #close} stops everything it started.
 *
 * <p>Implementations are thread-safe.
 */
interface Profile extends AutoCloseable {

    /** Binds {@code host:port} (0 = any free port); completes with the bound address. */
    CompletableFuture<InetSocketAddress> start(String host, int port);

    /** Stops the servers and releases their threads. Idempotent enough for a shutdown hook. */
    @Override
    void close();

    /** The profile names accepted by {@code --profile}. */
    enum Name {
        PROTOCOL("protocol"),
        CLIENT("client"),
        ENGINE_CLIENT("engine-client");

        private final String cliName;

        Name(String cliName) {
            this.cliName = cliName;
        }

        /** The name on the command line. */
        String cliName() {
            return cliName;
        }

        /** A profile by its command-line name. */
        static Name parse(String value) {
            String wanted = value.toLowerCase(Locale.ROOT);
            for (Name name : values()) {
                if (name.cliName.equals(wanted)) {
                    return name;
                }
            }
            throw new IllegalArgumentException("unknown profile '" + value + "' (expected protocol, client or engine-client)");
        }

        /** A new, stopped instance of this profile. */
        Profile create() {
            return switch (this) {
                case PROTOCOL -> new ProtocolProfile();
                case CLIENT -> new ClientProfile();
                case ENGINE_CLIENT -> new EngineClientProfile();
            };
        }

        @Override
        public String toString() {
            return cliName;
        }
    }
}
