// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of a run grouped by measurement, server and metric, with their {@link Stats}, and
 * the markdown tables of docs/BENCHMARKS.md: per measurement, a row per metric with every
 * server's median (min–max over the runs), the sio4j/Node ratio and the sio4j/floor ratio.
 * Immutable once built.
 */
final class Summary {

    private final List<Spec> specs;
    private final List<Map<String, Object>> results;

    Summary(List<Spec> specs, List<Map<String, Object>> results) {
        this.specs = List.copyOf(specs);
        this.results = List.copyOf(results);
    }

    /** The stats of {@code metric} for {@code server} in measurement {@code specId}, or null. */
    Stats stats(String specId, String server, String metric) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> r : results) {
            if (specId.equals(r.get("spec")) && server.equals(r.get("server")) && !r.containsKey("error")) {
                Object v = r.get(metric);
                if (v instanceof Number n) {
                    values.add(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    values.add(b ? 1.0 : 0.0);
                }
            }
        }
        return Stats.of(values);
    }

    /** The errors of a measurement, one line each. */
    List<String> errors(String specId) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : results) {
            if (specId.equals(r.get("spec")) && r.get("error") != null) {
                out.add(r.get("server") + " run " + r.get("run") + ": " + oneLine(Objects.toString(r.get("error"))));
            }
        }
        return out;
    }

    /** The specs this summary covers. */
    List<Spec> specs() {
        return specs;
    }

    /** Every table, one section per measurement. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        for (Spec spec : specs) {
            md.append(table(spec)).append('\n');
        }
        return md.toString();
    }

    /** One measurement's table. */
    String table(Spec spec) {
        List<String> servers = spec.servers().stream().map(ServerKind::label).toList();
        boolean hasFloor = servers.contains(ServerKind.FLOOR_COALESCE.label());
        StringBuilder md = new StringBuilder("#### ").append(spec.title()).append(" (`").append(spec.id()).append("`)\n\n");
        md.append("| metric |");
        servers.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append(" sio4j / node |");
        if (hasFloor) {
            md.append(" sio4j / floor-coalesce |");
        }
        md.append("\n|---|");
        servers.forEach(s -> md.append("---|"));
        md.append("---|").append(hasFloor ? "---|" : "").append('\n');
        for (String metric : spec.metrics()) {
            Map<String, Stats> row = new LinkedHashMap<>();
            servers.forEach(s -> row.put(s, stats(spec.id(), s, metric)));
            if (row.values().stream().allMatch(Objects::isNull)) {
                continue;
            }
            md.append("| ").append(metric).append(" |");
            row.values().forEach(st -> md.append(' ').append(st == null ? "–" : st.cell()).append(" |"));
            md.append(' ').append(ratioCell(Stats.ratio(row.get("sio4j"), row.get("node")))).append(" |");
            if (hasFloor) {
                md.append(' ').append(ratioCell(Stats.ratio(row.get("sio4j"), row.get(ServerKind.FLOOR_COALESCE.label()))))
                        .append(" |");
            }
            md.append('\n');
        }
        for (String e : errors(spec.id())) {
            md.append("\nError: ").append(e).append('\n');
        }
        return md.toString();
    }

    private static String ratioCell(Double ratio) {
        return ratio == null ? "–" : Stats.format(ratio);
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
