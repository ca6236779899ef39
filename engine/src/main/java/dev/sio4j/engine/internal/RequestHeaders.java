// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The headers of a request snapshot: an unmodifiable map whose lookups ignore case, iterated in
 * case-insensitive name order, each name once with all its values (as a {@code TreeMap} with
 * {@code String.CASE_INSENSITIVE_ORDER} would hold them, names as first seen).
 *
 * <p>Why not that TreeMap: every session keeps its request for life, and a tree costs an entry
 * object per header plus the map and an unmodifiable wrapper; two parallel arrays cost a third of
 * that. A request has a few dozen headers at most (the decoder bounds their size), so a lookup
 * is a binary search over a short sorted array.
 *
 * <p>Immutable and thread-safe.
 */
final class RequestHeaders extends AbstractMap<String, List<String>> {

    private final String[] names;
    private final List<String>[] values;

    private RequestHeaders(String[] names, List<String>[] values) {
        this.names = names;
        this.values = values;
    }

    /** The headers of {@code entries} (name, value pairs in arrival order). */
    @SuppressWarnings("unchecked")
    static RequestHeaders of(List<Map.Entry<String, String>> entries) {
        // Sort stably by name ignoring case, so values of one name keep their order.
        List<Map.Entry<String, String>> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getKey(), b.getKey()));
        List<String> names = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        for (Map.Entry<String, String> e : sorted) {
            int last = names.size() - 1;
            if (last >= 0 && names.get(last).equalsIgnoreCase(e.getKey())) {
                values.get(last).add(e.getValue());
            } else {
                names.add(e.getKey());
                List<String> v = new ArrayList<>(1);
                v.add(e.getValue());
                values.add(v);
            }
        }
        List<String>[] frozen = new List[values.size()];
        for (int i = 0; i < frozen.length; i++) {
            frozen[i] = List.copyOf(values.get(i));
        }
        return new RequestHeaders(names.toArray(String[]::new), frozen);
    }

    private int indexOf(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        int i = Arrays.binarySearch(names, name, String.CASE_INSENSITIVE_ORDER);
        return i < 0 ? -1 : i;
    }

    @Override
    public List<String> get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
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
    public Set<Entry<String, List<String>>> entrySet() {
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
