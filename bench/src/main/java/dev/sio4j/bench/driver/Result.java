// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The one JSON line a scenario ends with: metric names to numbers (and a few strings), in the
 * order they were put. Names carry their unit ({@code _us}, {@code _ms}, {@code _per_s},
 * {@code _kb}...), so the runner and the tables need no schema. Not thread-safe.
 */
public final class Result {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** A result of {@code scenario}. */
    public Result(String scenario) {
        values.put("scenario", scenario);
    }

    /** Puts one value. */
    public Result put(String name, Object value) {
        if (value instanceof Double d) {
            values.put(name, Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : null);
        } else {
            values.put(name, value);
        }
        return this;
    }

    /** Puts p50, p90, p99 and max of a histogram of nanoseconds, in microseconds, as {@code prefix_p50_us}... */
    public Result latency(String prefix, Histogram nanos) {
        put(prefix + "_count", nanos.getTotalCount());
        if (nanos.getTotalCount() == 0) {
            return this;
        }
        put(prefix + "_p50_us", nanos.getValueAtPercentile(50) / 1000.0);
        put(prefix + "_p90_us", nanos.getValueAtPercentile(90) / 1000.0);
        put(prefix + "_p99_us", nanos.getValueAtPercentile(99) / 1000.0);
        put(prefix + "_max_us", nanos.getMaxValue() / 1000.0);
        return this;
    }

    /** The values so far. */
    public Map<String, Object> values() {
        return values;
    }

    /** The JSON line. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a line written by {@link #toJson()}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a result line: " + line, e);
        }
    }
}
