// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import dev.sio4j.protocol.engineio.EngineParseException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * The session-side handling of polling requests (engine.io's polling transport rules). Every
 * method runs on the session's event loop. Stateless; thread-safe.
 */
final class PollingRequests {

    private PollingRequests() {
    }

    /** A GET: park it, answer it with what is queued, or refuse an overlap. */
    static void onGet(Session session, HttpResponder get) {
        if (session.isClosed()) {
            // A GET that found the sid just before a close removed it: engine.io would no longer
            // know the sid, so only a session that still owes its CLOSE answers.
            if (session.lingering()) {
                session.answerLingeringPoll(get);
            } else {
                get.refuse(RefusalCause.BAD_REQUEST, EngineError.UNKNOWN_SID, "UNKNOWN_SID");
            }
            return;
        }
        if (!(session.transportSink() instanceof PollingTransport polling)) {
            get.refuse(RefusalCause.BAD_REQUEST, EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
            return;
        }
        if (!polling.park(get)) {
            // engine.io: "overlap from client" closes the session; the first GET receives the CLOSE.
            get.refuseStatus(RefusalCause.PROTOCOL_VIOLATION, HttpResponseStatus.BAD_REQUEST, false, "OVERLAPPING_POLL");
            session.closeNow(CloseReason.TRANSPORT_ERROR, "overlap from client", false);
            return;
        }
        // During an upgrade the GET waits for the upgrade's next check (see Upgrade), as in engine.io.
        session.flush();
    }

    /** The channel of a parked GET closed before it was answered: the client went away. */
    static void onGetAborted(Session session, HttpResponder get) {
        if (session.transportSink() instanceof PollingTransport polling && polling.isPending(get)) {
            // engine.io: the request's "close" event is a transport error, not a transport close.
            session.closeNow(CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely", false);
        }
    }

    /** A POST started; false (after answering 400 and closing the session) on an overlap. */
    static boolean onPostStart(Session session, HttpResponder post) {
        if (session.isClosed() || !(session.transportSink() instanceof PollingTransport polling)) {
            if (session.isClosed()) {
                post.refuse(RefusalCause.BAD_REQUEST, EngineError.UNKNOWN_SID, "UNKNOWN_SID");
            } else {
                post.refuse(RefusalCause.BAD_REQUEST, EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
            }
            return false;
        }
        if (!polling.beginPost()) {
            post.refuseStatus(RefusalCause.PROTOCOL_VIOLATION, HttpResponseStatus.BAD_REQUEST, false, "OVERLAPPING_POST");
            session.closeNow(CloseReason.TRANSPORT_ERROR, "data request overlap from client", false);
            return false;
        }
        return true;
    }

    /**
     * A POST with an unusable body (binary content type, too large) or whose connection closed
     * before the body was complete: the POST ends, nothing is decoded, and with a reason the
     * session closes.
     */
    static void onPostRejected(Session session, CloseReason reason, String description) {
        // After an upgrade the polling transport is gone, and engine.io ignores its errors.
        if (session.transportSink() instanceof PollingTransport polling) {
            polling.endPost();
            if (reason != null) {
                session.closeNow(reason, description, false);
            }
        }
    }

    /** A complete POST body: decode, answer "ok" (or 400), then deliver. */
    static void onPostBody(Session session, String body, HttpResponder post, int maxPackets) {
        if (post.responded()) {
            // Refused by onPostStart (closed session, overlap, no longer polling): its data is
            // dropped, as engine.io never reads a refused request, and the POST in flight, if
            // any, is another one.
            return;
        }
        if (session.transportSink() instanceof PollingTransport polling) {
            polling.endPost();
        }
        if (session.isClosed()) {
            post.refuse(RefusalCause.BAD_REQUEST, EngineError.UNKNOWN_SID, "UNKNOWN_SID");
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body, maxPackets);
        } catch (EngineParseException e) {
            post.refuseStatus(RefusalCause.PROTOCOL_VIOLATION, HttpResponseStatus.BAD_REQUEST, false, "PARSE_ERROR");
            session.closeNow(CloseReason.PARSE_ERROR, e.reason().name(), false);
            return;
        }
        post.ok();
        dev.sio4j.engine.EngineObserver observer = session.observer();
        if (observer != EngineObservers.NONE) {
            for (EnginePacket p : packets) {
                observer.packetReceived(dev.sio4j.engine.Transport.POLLING, p.type(), pollingBytes(p));
            }
        }
        for (EnginePacket p : packets) {
            if (session.isClosed()) {
                return;
            }
            if (p.type() == EnginePacketType.CLOSE) {
                session.closeNow(CloseReason.TRANSPORT_CLOSE, "client sent a close packet", false);
                return;
            }
            session.onPacket(p);
        }
    }

    /** The packet's bytes in the payload as the client sent it: UTF-8 text, or "b" and base64. */
    private static int pollingBytes(EnginePacket p) {
        if (p.isBinary()) {
            return 1 + 4 * ((p.binary().length + 2) / 3);
        }
        return 1 + io.netty.buffer.ByteBufUtil.utf8Bytes(p.text());
    }
}
