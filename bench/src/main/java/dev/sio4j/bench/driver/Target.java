// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import java.net.URI;

/**
 * The server a driver connects to: {@code 127.0.0.1:port}, whether it speaks Socket.IO or is the
 * raw floor, and the namespace to join. Immutable.
 *
 * @param host always a loopback address: the bench loads nothing but this machine
 * @param port the server's port
 * @param mode Socket.IO, or the raw floor
 * @param namespace the namespace the peers join ("/" or e.g. "/chat"; ignored by the floor)
 */
public record Target(String host, int port, Peer.Mode mode, String namespace) {

    /** Checks that the target is on this machine. */
    public Target {
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("the bench only targets 127.0.0.0/8, not " + host);
        }
    }

    /** From {@code http://127.0.0.1:PORT/}; {@code raw} for the floor server. */
    public static Target of(String url, boolean raw, String namespace) {
        URI uri = URI.create(url);
        return new Target(uri.getHost(), uri.getPort(), raw ? Peer.Mode.RAW : Peer.Mode.SOCKET_IO, namespace);
    }

    /** {@code host:port}, for the Host header. */
    public String authority() {
        return host + ":" + port;
    }

    /** The request target of the WebSocket upgrade. */
    public String webSocketPath() {
        return mode == Peer.Mode.RAW ? "/" : "/socket.io/?EIO=4&transport=websocket";
    }

    /** The request target of a polling request, with the session id once there is one. */
    public String pollingPath(String sid) {
        return "/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid);
    }
}
