// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a handshake may open a session (engine.io's {@code allowRequest}). Runs once
 * per handshake (a request without {@code sid}, polling or WebSocket), before the session exists.
 * A refusal answers HTTP 403 {@code {"code":4,"message":"Forbidden"}} on polling and HTTP 400
 * "Forbidden" on a WebSocket upgrade, as engine.io does (the decision's message replaces
 * "Forbidden" when given).
 *
 * <p>Called on the connection's event loop: it must not block. Return an already-completed stage
 * for a synchronous check, or complete the stage later from any thread (e.g. after a token
 * lookup). A stage that fails counts as a refusal. Implementations must be thread-safe when one
 * instance serves several event loops.
 *
 * <p>An allowing decision may name the client ({@link Decision#allowAs}): the session's
 * {@link EngineSocket#identity() identity}, e.g. the subject of a token in an
 * {@code Authorization} header, which the Socket.IO layer's per-user limit counts.
 *
 * <pre>{@code
 * AllowRequest apiKeys = req -> CompletableFuture.completedFuture(
 *         keys.owner(req.header("x-api-key"))
 *                 .map(AllowRequest.Decision::allowAs)
 *                 .orElse(AllowRequest.Decision.deny("unknown key")));
 * }</pre>
 */
@FunctionalInterface
public interface AllowRequest {

    /** Checks {@code request}; see the type's Javadoc for threading. */
    CompletionStage<Decision> check(EngineRequest request);

    /**
     * The answer of an {@link AllowRequest}: allowed, or refused. As in engine.io, a refusal's
     * message is sent to the client as the JSON {@code message} ({@code "Forbidden"} when empty),
     * so never put secrets in it.
     *
     * @param allowed  whether the handshake may proceed
     * @param message  why it was refused ({@code ""} when allowed)
     * @param identity who the client is, when allowed and known (else null): the session's
     *                 {@link EngineSocket#identity()}
     */
    record Decision(boolean allowed, String message, String identity) {

        private static final Decision ALLOW = new Decision(true, "", null);

        public Decision {
            Objects.requireNonNull(message, "message");
            if (identity != null && (!allowed || identity.isEmpty())) {
                throw new IllegalArgumentException("an identity goes only with an allowing decision, and is not empty");
            }
        }

        /** Lets the handshake proceed. */
        public static Decision allow() {
            return ALLOW;
        }

        /** Lets the handshake proceed for the client {@code identity} (e.g. a user id). */
        public static Decision allowAs(String identity) {
            return new Decision(true, "", Objects.requireNonNull(identity, "identity"));
        }

        /** Refuses the handshake. */
        public static Decision deny(String message) {
            return new Decision(false, message, null);
        }
    }
}
