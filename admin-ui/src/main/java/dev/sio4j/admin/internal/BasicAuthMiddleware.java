// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.admin.AdminAuth;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.Middleware;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin namespace's basic authentication, as the admin UI sends it in the CONNECT's auth:
 * {@code {sessionId}} from an earlier login, or {@code {username, password}}. The password is
 * checked with bcrypt off the event loop, on the instrumentation's worker thread, one check at
 * a time and at most {@link #MAX_PENDING} waiting (more are refused at once), so a flood of logins
 * costs one core at most. A refusal is CONNECT_ERROR {@code "invalid credentials"}, the message
 * the UI looks for to show its login form again.
 *
 * <p>Thread-safe.
 */
final class BasicAuthMiddleware implements Middleware {

    static final String INVALID = "invalid credentials";
    static final int MAX_PENDING = 16;
    private static final Logger log = LoggerFactory.getLogger(BasicAuthMiddleware.class);

    private final AdminAuth auth;
    private final Sessions sessions;
    private final Executor worker;
    private final AtomicInteger pending = new AtomicInteger();
    /** Session ids of sockets that just logged in, for the connection handler to send ("session"). */
    private final Map<Socket, String> fresh = Collections.synchronizedMap(new WeakHashMap<>());

    BasicAuthMiddleware(AdminAuth auth, Sessions sessions, Executor worker) {
        this.auth = auth;
        this.sessions = sessions;
        this.worker = worker;
    }

    @Override
    public void handle(Socket socket, Next next) {
        JsonNode credentials = socket.handshake().auth();
        JsonNode sessionId = credentials.path("sessionId");
        if (sessionId.isTextual() && sessions.valid(sessionId.asText())) {
            next.proceed();
            return;
        }
        JsonNode username = credentials.path("username");
        JsonNode password = credentials.path("password");
        if (!username.isTextual() || !password.isTextual() || !sameText(username.asText(), auth.username())) {
            log.debug("admin UI login refused: unknown user or no credentials");
            next.fail(new ConnectError(INVALID));
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            log.debug("admin UI login refused: {} checks already waiting", MAX_PENDING);
            next.fail(new ConnectError(INVALID));
            return;
        }
        String candidate = password.asText();
        try {
            worker.execute(() -> {
                try {
                    if (auth.verify(candidate)) {
                        fresh.put(socket, sessions.create());
                        next.proceed();
                    } else {
                        log.debug("admin UI login refused: wrong password");
                        next.fail(new ConnectError(INVALID));
                    }
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            next.fail(new ConnectError(INVALID));
        }
    }

    /** The session id {@code socket} got when it logged in with its password, or null. */
    String takeFreshSession(Socket socket) {
        return fresh.remove(socket);
    }

    /** Compares in time independent of where the texts differ. */
    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
