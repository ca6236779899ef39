// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.TlsOptions;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current TLS context, and its reload from {@link TlsOptions}' files: on demand,
 * and, while started, whenever a check (every reloadCheckInterval, on a daemon thread of its
 * own: reading files must not happen on an event loop) sees their size or modification time
 * change. A reload that fails keeps the context in use; a failure is logged once per change of
 * the files, not on every check. Thread-safe: the context is a volatile reference read by every
 * new connection.
 */
final class TlsReloader {

    private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);

    private final TlsOptions tls;
    private volatile SslContext current;
    private List<String> stamp; // guarded by this
    private ScheduledExecutorService checker; // guarded by this
    private boolean stopped; // guarded by this

    /** {@code initial}: the context to serve (loaded from {@code tls} when it is not null). */
    TlsReloader(SslContext initial, TlsOptions tls) {
        this.current = initial;
        this.tls = tls;
        this.stamp = tls == null ? List.of() : stamp(tls);
    }

    SslContext current() {
        return current;
    }

    /** Loads the files now; throws (keeping the current context) when they cannot be used. */
    void reload() {
        if (tls == null) {
            throw new IllegalStateException("TLS was not configured from files (EngineOptions.tls), nothing to reload");
        }
        List<String> seen = stamp(tls);
        try {
            current = TlsFiles.load(tls);
            log.info("TLS certificate reloaded from {}", tls.files());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TLS not reloaded, the certificate in use stays: " + e.getMessage(), e);
        } finally {
            synchronized (this) {
                stamp = seen;
            }
        }
    }

    /** Starts the periodic check, if the options ask for one. Idempotent. */
    synchronized void start() {
        if (tls == null || tls.reloadCheckInterval().isZero() || checker != null || stopped) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sio4j-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, tls.reloadCheckInterval().toMillis());
        checker.scheduleWithFixedDelay(this::checkFiles, ms, ms, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        stopped = true;
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    private void checkFiles() {
        List<String> now = stamp(tls);
        synchronized (this) {
            if (now.equals(stamp)) {
                return;
            }
        }
        try {
            reload();
        } catch (IllegalStateException e) {
            log.warn("the TLS files changed but cannot be used yet; still serving the previous certificate: {}",
                    e.getMessage());
        }
    }

    /** Size and modification time of each file ("missing" when it cannot be read). */
    private static List<String> stamp(TlsOptions tls) {
        List<String> out = new ArrayList<>();
        for (Path p : tls.files()) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(a.size() + "@" + a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }
}
