// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of {@link AdminUi#instrument}, as {@code @socket.io/admin-ui}'s {@code instrument(io, opts)}.
 * {@link Builder#auth} must be given (as Node's {@code auth} must be set or explicitly
 * {@code false}); everything else has Node's default.
 *
 * <pre>{@code
 * AdminUiOptions options = AdminUiOptions.builder()
 *         .auth(AdminAuth.basic("admin", System.getenv("ADMIN_HASH")))
 *         .readonly(true)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; validated when built.
 */
public final class AdminUiOptions {

    /** What the admin UI is sent, as Node's {@code mode}. */
    public enum Mode {
        /** Everything: the socket list with live updates, and every event received and sent (the default). */
        DEVELOPMENT,
        /** Server statistics and aggregated counts only: no socket details, no per-event traffic. */
        PRODUCTION
    }

    private final String namespaceName;
    private final AdminAuth auth;
    private final boolean readonly;
    private final String serverId;
    private final Mode mode;
    private final Duration statsInterval;
    private final Consumer<AdminActionException> onActionError;

    private AdminUiOptions(Builder b) {
        this.namespaceName = b.namespaceName;
        this.auth = b.auth;
        this.readonly = b.readonly;
        this.serverId = b.serverId;
        this.mode = b.mode;
        this.statsInterval = b.statsInterval;
        this.onActionError = b.onActionError;
    }

    /** A builder with Node's defaults; {@link Builder#auth} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The admin namespace; default {@code /admin}. */
    public String namespaceName() { return namespaceName; }

    /** How administrators authenticate. */
    public AdminAuth auth() { return auth; }

    /** Whether the join, leave, disconnect and emit actions are refused; default false. */
    public boolean readonly() { return readonly; }

    /** This server's id in the UI, or null for the default, the host name. */
    public String serverId() { return serverId; }

    /** What the UI is sent; default {@link Mode#DEVELOPMENT}. */
    public Mode mode() { return mode; }

    /** How often the server statistics are sent; default 2 s, as Node. */
    public Duration statsInterval() { return statsInterval; }

    /** Hears refused actions, or null. */
    public Consumer<AdminActionException> onActionError() { return onActionError; }

    /** Builds {@link AdminUiOptions}. Not thread-safe. */
    public static final class Builder {
        private String namespaceName = "/admin";
        private AdminAuth auth;
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private Duration statsInterval = Duration.ofSeconds(2);
        private Consumer<AdminActionException> onActionError;

        private Builder() {
        }

        /** The admin namespace (a leading {@code /} is added when missing); default {@code /admin}. */
        public Builder namespaceName(String name) {
            Objects.requireNonNull(name, "name");
            this.namespaceName = name.startsWith("/") ? name : "/" + name;
            return this;
        }

        /** How administrators authenticate: {@link AdminAuth#basic} or {@link AdminAuth#none()}. Required. */
        public Builder auth(AdminAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Refuses the join, leave, disconnect and emit actions; default false. */
        public Builder readonly(boolean readonly) {
            this.readonly = readonly;
            return this;
        }

        /** The id of this server in the UI; give each server of a cluster on one host its own. Default: the host name. */
        public Builder serverId(String serverId) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            return this;
        }

        /** What the UI is sent; default {@link Mode#DEVELOPMENT}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** How often the server statistics are sent, 100 ms to 1 h; default 2 s. */
        public Builder statsInterval(Duration interval) {
            this.statsInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Hears each refused action (on the admin socket's event loop: do not block). */
        public Builder onActionError(Consumer<AdminActionException> listener) {
            this.onActionError = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalStateException when {@link #auth} was not given
         * @throws IllegalArgumentException for a namespace {@code /} or an interval out of range
         */
        public AdminUiOptions build() {
            if (auth == null) {
                throw new IllegalStateException("auth must be given: AdminAuth.basic(user, bcryptHash), or AdminAuth.none() explicitly");
            }
            if (namespaceName.equals("/")) {
                throw new IllegalArgumentException("the admin namespace must not be the main namespace");
            }
            if (statsInterval.compareTo(Duration.ofMillis(100)) < 0 || statsInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("statsInterval must be within 100 ms and 1 h: " + statsInterval);
            }
            if (serverId != null && serverId.isEmpty()) {
                throw new IllegalArgumentException("serverId must not be empty");
            }
            return new AdminUiOptions(this);
        }
    }
}
