// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map from names to lists of values over two parallel arrays, iterated in array
 * order; subclasses say how a name is found ({@link #indexOf}). The engine keeps a request's
 * query and headers for a session's life in such maps: two arrays cost a fraction of a linked or
 * tree map's entry objects, and the maps are small, so a lookup is a scan or a binary search.
 *
 * <p>Immutable and thread-safe when its values are immutable lists, which every subclass keeps.
 */
abstract class ArrayMultiMap extends AbstractMap<String, List<String>> {

    /** The names; a subclass may order them for its lookup. */
    final String[] names;
    /** The values of {@code names[i]}, each an immutable list. */
    final List<String>[] values;

    ArrayMultiMap(String[] names, List<String>[] values) {
        this.names = names;
        this.values = values;
    }

    /** The index of {@code key} in {@link #names}, or -1. */
    abstract int indexOf(Object key);

    @Override
    public final List<String> get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public final boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public final int size() {
        return names.length;
    }

    @Override
    public final List<String> remove(Object key) {
        // Unmodifiable whether or not the key is there, as Collections.unmodifiableMap.
        throw new UnsupportedOperationException();
    }

    @Override
    public final void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    public final Set<Entry<String, List<String>>> entrySet() {
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
                    public Entry<String, List<String>> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
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
