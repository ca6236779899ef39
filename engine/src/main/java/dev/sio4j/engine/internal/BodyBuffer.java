// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;

/**
 * Collects a request body up to a byte limit without copying (the parts are retained, not
 * merged), so that a body over the limit is refused as soon as it passes it rather than after
 * being buffered whole. Confined to its channel's event loop; {@link #release()} must follow any
 * body that is given up.
 */
final class BodyBuffer {

    private final long max;
    private CompositeByteBuf parts;

    BodyBuffer(long max) {
        this.max = max;
    }

    /** Adds the part's bytes (retained); false, adding nothing, when they would pass the limit. */
    boolean add(ByteBufAllocator alloc, HttpContent c) {
        ByteBuf content = c.content();
        if (!content.isReadable()) {
            return true;
        }
        if (parts == null) {
            parts = alloc.compositeBuffer();
        }
        if (parts.readableBytes() + (long) content.readableBytes() > max) {
            return false;
        }
        parts.addComponent(true, content.retain());
        return true;
    }

    /**
     * The body as text, then released. Invalid UTF-8 becomes U+FFFD, as Node's
     * {@code setEncoding("utf8")} makes it.
     */
    String takeText() {
        String text = parts == null ? "" : parts.toString(StandardCharsets.UTF_8);
        release();
        return text;
    }

    /** The body's bytes, now owned by the caller (an empty buffer when nothing came). */
    ByteBuf take(ByteBufAllocator alloc) {
        ByteBuf body = parts == null ? alloc.buffer(0) : parts;
        parts = null;
        return body;
    }

    /** Releases what was collected; safe to call any number of times. */
    void release() {
        if (parts != null) {
            parts.release();
            parts = null;
        }
    }
}
