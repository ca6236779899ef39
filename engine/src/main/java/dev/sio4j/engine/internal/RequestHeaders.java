// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
final class RequestHeaders extends ArrayMultiMap {

    private RequestHeaders(String[] names, List<String>[] values) {
        super(names, values);
    }

    /** By name ignoring case. */
    private static final Comparator<Map.Entry<String, String>> BY_NAME =
            (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getKey(), b.getKey());

    /** The headers of {@code entries} (name, value pairs in arrival order). */
    @SuppressWarnings("unchecked")
    static RequestHeaders of(List<Map.Entry<String, String>> entries) {
        // Sort stably by name ignoring case (Arrays.sort of objects is stable), so values of one
        // name keep their order; then one pass into the two arrays, with no list per name
        // along the way (this runs for every request, and the snapshot is kept for life).
        Map.Entry<String, String>[] sorted = entries.toArray(new Map.Entry[0]);
        Arrays.sort(sorted, BY_NAME);
        String[] names = new String[sorted.length];
        List<String>[] values = new List[sorted.length];
        int n = 0;
        for (int i = 0; i < sorted.length; ) {
            String name = sorted[i].getKey();
            int j = i + 1;
            while (j < sorted.length && sorted[j].getKey().equalsIgnoreCase(name)) {
                j++;
            }
            if (j - i == 1) {
                // A header sent once with a common value ("Upgrade: websocket") shares one list.
                values[n] = SharedNames.listOf(sorted[i].getValue());
            } else {
                String[] all = new String[j - i];
                for (int k = i; k < j; k++) {
                    all[k - i] = sorted[k].getValue();
                }
                values[n] = List.of(all);
            }
            names[n++] = name;
            i = j;
        }
        if (n < names.length) {
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
        }
        return new RequestHeaders(names, values);
    }

    @Override
    int indexOf(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        int i = Arrays.binarySearch(names, name, String.CASE_INSENSITIVE_ORDER);
        return i < 0 ? -1 : i;
    }
}
