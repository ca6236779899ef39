// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.RefusalCause;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The body of one connection's polling POST, from its head to its last part: refuses on the head
 * what can be refused there (binary content, a declared length over maxHttpBufferSize), invites
 * the body of an accepted one ({@code 100 Continue}), streams the parts with a running size
 * check (413 as soon as maxHttpBufferSize is passed, nothing buffered past it) and hands the
 * whole text to the session. A POST that the session refused on its head (closed session,
 * overlap) keeps its state until its body has come, so that the body reaches the session that
 * ignores it rather than ending another POST. Confined to its channel's event loop.
 */
final class PollingPostBody {

    private final EngineOptions options;
    private final BodyBuffer buffer;
    private Session session;
    private HttpResponder responder;
    private boolean reading;
    private boolean answered;

    PollingPostBody(EngineOptions options) {
        this.options = options;
        this.buffer = new BodyBuffer(options.maxHttpBufferSize());
    }

    /**
     * A POST head for {@code s}: true when its body is to be read here, false when the POST was
     * answered on its head (then what body comes is the caller's to discard).
     */
    boolean start(ChannelHandlerContext ctx, HttpRequest req, Session s, HttpResponder res) {
        boolean expectsContinue = HttpUtil.is100ContinueExpected(req);
        if (HttpHeaderValues.APPLICATION_OCTET_STREAM.contentEqualsIgnoreCase(
                String.valueOf(req.headers().get(HttpHeaderNames.CONTENT_TYPE)))) {
            // EIO4 posts text only; engine.io ends such a request and closes the session. The session
            // hears of it before the answer leaves, so the client's next request cannot overtake it.
            // A client waiting for 100 Continue may never send the body: then the connection ends.
            s.onLoop(() -> PollingRequests.onPostRejected(s, CloseReason.TRANSPORT_ERROR, "invalid content"));
            res.refuseStatus(RefusalCause.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, expectsContinue, "BINARY_CONTENT");
            return false;
        }
        if (HttpUtil.getContentLength(req, -1L) > options.maxHttpBufferSize()) {
            res.refuseStatus(RefusalCause.BAD_REQUEST, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, true, "PAYLOAD_TOO_LARGE");
            return false;
        }
        session = s;
        responder = res;
        reading = true;
        answered = false;
        if (expectsContinue) {
            // Before the session may answer: a refusal must not be followed by a stray 100.
            HttpResponder.sendContinue(ctx, req.protocolVersion());
        }
        s.onLoop(() -> PollingRequests.onPostStart(s, res));
        return true;
    }

    /**
     * A part of the body: true while more is wanted, false once the body is read or given up
     * (413; the rest of it is then the caller's to discard).
     */
    boolean content(ChannelHandlerContext ctx, HttpContent c, boolean last) {
        Session s = session;
        HttpResponder res = responder;
        if (!buffer.add(ctx.alloc(), c)) {
            buffer.release();
            bodyRead();
            // End the POST on the session before answering: the client's next POST must not find
            // this one still in flight (it would count as an overlap).
            s.onLoop(() -> PollingRequests.onPostRejected(s, null, null));
            res.refuseStatus(RefusalCause.BAD_REQUEST, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, true, "PAYLOAD_TOO_LARGE");
            return false;
        }
        if (!last) {
            return true;
        }
        bodyRead();
        String text = buffer.takeText();
        int max = options.maxPayloadPackets();
        s.onLoop(() -> PollingRequests.onPostBody(s, text, res, max));
        return false;
    }

    /** The connection's current request was answered: the POST's state goes once its body is read too. */
    void answered() {
        answered = true;
        forgetIfDone();
    }

    /** The connection ended: a POST whose body was still coming is a transport error, as in engine.io. */
    void connectionLost() {
        buffer.release();
        Session s = session;
        HttpResponder res = responder;
        if (reading && s != null && res != null && !res.responded()) {
            s.onLoop(() -> PollingRequests.onPostRejected(s, CloseReason.TRANSPORT_ERROR,
                    "data request connection closed prematurely"));
        }
    }

    /** The request failed (answered 500 elsewhere): the body still coming is discarded, not read. */
    void abandon() {
        buffer.release();
        reading = false;
    }

    /** Releases what was collected (the handler was removed). */
    void release() {
        buffer.release();
    }

    private void bodyRead() {
        reading = false;
        forgetIfDone();
    }

    private void forgetIfDone() {
        if (!reading && answered) {
            session = null;
            responder = null;
        }
    }
}
