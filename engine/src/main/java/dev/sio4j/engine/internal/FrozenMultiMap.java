// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

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
public final class FrozenMultiMap extends AbstractMap<String, List<String>> {

    private static final FrozenMultiMap EMPTY = new FrozenMultiMap(new String[0], new Object[0]);

    private final String[] names;
    private final Object[] values;

    private FrozenMultiMap(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
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
        return new FrozenMultiMap(names, (Object[]) values);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (List<String>) values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public List<String> remove(Object key) {
        // Unmodifiable whether or not the key is there, as Collections.unmodifiableMap.
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        // A view made on demand: iteration is rare (logs, the admin UI), lookups are many.
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, List<String>>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, List<String>> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], (List<String>) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
