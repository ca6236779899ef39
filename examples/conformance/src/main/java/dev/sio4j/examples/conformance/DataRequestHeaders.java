// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the headers of the latest polling POST (engine.io's "data request") of each session,
 * so that the engine-client profile can answer "sendHeaders" with the headers of the very request
 * that carried it, as the official test server does. The engine API exposes only the handshake
 * request, so this looks at requests on their way to the engine instead.
 *
 * <p>Thread-safe: {@link #handler()} instances run on many event loops and share one map.
 */
final class DataRequestHeaders {

    private final Map<String, Map<String, String>> bySid = new ConcurrentHashMap<>();

    /** A new pipeline handler (one per channel) that records and passes every message on. */
    ChannelHandler handler() {
        return new Recorder();
    }

    /** The headers of the latest POST of session {@code sid}, names lower-cased as Node gives them; empty if none. */
    Map<String, String> latest(String sid) {
        return bySid.getOrDefault(sid, Map.of());
    }

    /** Forgets a closed session. */
    void forget(String sid) {
        bySid.remove(sid);
    }

    private void record(HttpRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return;
        }
        List<String> sid = new QueryStringDecoder(request.uri()).parameters().get("sid");
        if (sid == null || sid.isEmpty()) {
            return;
        }
        Map<String, String> headers = new TreeMap<>();
        for (String name : request.headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            // Node joins repeated headers with ", ", except cookies which it joins with "; ".
            String separator = lower.equals("cookie") ? "; " : ", ";
            headers.put(lower, String.join(separator, request.headers().getAll(name)));
        }
        bySid.put(sid.get(0), Map.copyOf(headers));
    }

    /** Confined to its channel's event loop. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                record(request);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
