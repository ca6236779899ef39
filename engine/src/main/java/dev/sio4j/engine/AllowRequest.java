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
 * <pre>{@code
 * AllowRequest originCheck = req -> CompletableFuture.completedFuture(
 *         "https://example.com".equals(req.header("origin"))
 *                 ? AllowRequest.Decision.allow()
 *                 : AllowRequest.Decision.deny("bad origin"));
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
     * @param allowed whether the handshake may proceed
     * @param message why it was refused ({@code ""} when allowed)
     */
    record Decision(boolean allowed, String message) {

        private static final Decision ALLOW = new Decision(true, "");

        public Decision {
            Objects.requireNonNull(message, "message");
        }

        /** Lets the handshake proceed. */
        public static Decision allow() {
            return ALLOW;
        }

        /** Refuses the handshake. */
        public static Decision deny(String message) {
            return new Decision(false, message);
        }
    }
}
