// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * What {@link Adapter#fetchSockets} reports about one socket, on this node or another: its id,
 * its handshake as JSON (socket.io's shape: headers, time, address, xdomain, secure, issued, url,
 * query, auth), its rooms and its user data.
 *
 * <p>Implementations are thread-safe; a remote socket's details are a snapshot.
 */
public interface SocketDetails {

    /** The socket id (not the Engine.IO session id). */
    String id();

    /** The handshake, in socket.io's JSON shape. */
    JsonNode handshakeJson();

    /** The rooms the socket is in, its own id included; a snapshot. */
    Set<String> rooms();

    /** The socket's user data (socket.io's {@code socket.data}). */
    Map<String, Object> data();
}
