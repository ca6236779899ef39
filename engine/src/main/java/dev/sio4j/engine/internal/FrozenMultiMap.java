// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.List;
import java.util.Objects;

/**
 * An unmodifiable map from names to lists of values, in the order given, over two parallel
 * arrays: a request's query and the lower-case headers of a socket's handshake.
 *
 * <p>Why not an unmodifiable {@code LinkedHashMap} or {@code Map.copyOf}: every session keeps
 * its query for life and every socket its handshake; a linked map costs an entry object per
 * name on top of its table, and {@code Map.copyOf} loses the order. Because this class is known
 * to be immutable, the server's {@code Handshake} keeps an instance as it is instead of copying
 * it, so a socket shares its query with the engine's request. The maps hold a few names (the
 * query at most 256, the decoder bounds the headers), so a lookup is a scan.
 *
 * <p>Immutable and thread-safe when its values are immutable lists, which every caller passes.
 */
public final class FrozenMultiMap extends ArrayMultiMap {

    @SuppressWarnings("unchecked")
    private static final FrozenMultiMap EMPTY = new FrozenMultiMap(new String[0], new List[0]);

    private FrozenMultiMap(String[] names, List<String>[] values) {
        super(names, values);
    }

    /**
     * The map of {@code names[i]} to {@code values[i]}, in that order. Takes both arrays as they
     * are (the caller gives up the arrays); names must be distinct and non-null, values immutable
     * lists.
     */
    public static FrozenMultiMap own(String[] names, List<String>[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
        if (names.length == 0) {
            return EMPTY;
        }
        for (int i = 0; i < names.length; i++) {
            Objects.requireNonNull(names[i], "name");
            Objects.requireNonNull(values[i], "values");
        }
        return new FrozenMultiMap(names, values);
    }

    @Override
    int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
