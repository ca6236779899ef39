// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The median, minimum and maximum of one metric over the runs of one server. Immutable.
 *
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param min the smallest
 * @param max the largest
 * @param n how many runs had a value
 */
record Stats(double median, double min, double max, int n) {

    /** The stats of {@code values}, or null when there are none. */
    static Stats of(Collection<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code a / b} of two medians, or null when either is missing or b is 0. */
    static Double ratio(Stats a, Stats b) {
        if (a == null || b == null || b.median == 0) {
            return null;
        }
        return a.median / b.median;
    }

    /** "median (min–max)", or just the value when all runs agree. */
    String cell() {
        if (min == max) {
            return format(median);
        }
        return format(median) + " (" + format(min) + "–" + format(max) + ")";
    }

    /** A number with as many digits as it deserves: 412,345 / 1,234 / 12.3 / 1.23 / 0.123. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
