// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import java.io.Reader;
import java.util.Objects;

/**
 * A {@link Reader} over a range of a String, read in place: the JSON of a packet is parsed from
 * the frame's text without first being copied out of it with {@code substring}.
 *
 * <p>Not thread-safe: one parse, one thread.
 */
final class StringRangeReader extends Reader {

    private final String text;
    private final int end;
    private int next;

    StringRangeReader(String text, int from, int to) {
        Objects.checkFromToIndex(from, to, text.length());
        this.text = text;
        this.next = from;
        this.end = to;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (next >= end) {
            return -1;
        }
        int n = Math.min(length, end - next);
        text.getChars(next, next + n, buffer, offset);
        next += n;
        return n;
    }

    @Override
    public int read() {
        return next < end ? text.charAt(next++) : -1;
    }

    @Override
    public void close() {
        // Nothing is held: the String belongs to the caller.
    }
}
