// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG bar charts of docs/BENCHMARKS.md, drawn from a run's medians with XChart: each chart
 * puts sio4j, Node and the floor side by side for one or a few metrics. Headless; stateless.
 */
final class Charts {

    /** One series of a chart: a metric of a measurement. */
    record Series(String label, String spec, String metric) {
    }

    /** One chart: its file name, title, y axis, and series. */
    record Chart(String file, String title, String yAxis, List<Series> series) {
    }

    static final List<Chart> CHARTS = List.of(
            new Chart("latency.png", "Round trip, one client (lower is better)", "µs",
                    List.of(new Series("p50", "latency", "rtt_p50_us"), new Series("p99", "latency", "rtt_p99_us"))),
            new Chart("fanout-throughput.png", "Fan-out, window 10: deliveries per second (higher is better)", "deliveries/s",
                    List.of(new Series("100 receivers", "fanout-100", "deliveries_per_s"),
                            new Series("1,000 receivers", "fanout-1000", "deliveries_per_s"))),
            new Chart("fanout-cpu.png", "Fan-out, window 10: server CPU per delivery (lower is better)", "µs",
                    List.of(new Series("100 receivers", "fanout-100", "server_cpu_us_per_delivery"),
                            new Series("1,000 receivers", "fanout-1000", "server_cpu_us_per_delivery"))),
            new Chart("fanout-latency.png", "Fan-out to 1,000: delivery latency p99 (lower is better)", "µs",
                    List.of(new Series("window 10", "fanout-1000", "delivery_p99_us"),
                            new Series("paced, 50 msg/s", "fanout-1000-paced", "delivery_p99_us"))),
            new Chart("memory.png", "10,000 idle connections: memory per connection (lower is better)", "KB",
                    List.of(new Series("RSS", "connections-10000", "rss_per_conn_kb"),
                            new Series("RSS after full GC", "connections-10000", "rss_after_gc_per_conn_kb"),
                            new Series("live heap", "connections-10000", "heap_per_conn_kb"))),
            new Chart("setup.png", "Opening idle connections, 200 at a time (lower is better)", "ms",
                    List.of(new Series("10,000", "connections-10000", "setup_ms"),
                            new Series("19,000", "connections-19000", "setup_ms"))));

    private Charts() {
    }

    /** Writes every chart that has data into {@code dir}; returns the files written. */
    static List<Path> write(Summary summary, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        for (Chart c : CHARTS) {
            Set<String> servers = new LinkedHashSet<>();
            for (Series s : c.series()) {
                summary.specs().stream().filter(sp -> sp.id().equals(s.spec())).findFirst()
                        .ifPresent(sp -> sp.servers().forEach(k -> servers.add(k.label())));
            }
            if (servers.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(900).height(480).title(c.title())
                    .yAxisTitle(c.yAxis()).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(15f));
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setDecimalPattern("#,##0.##");
            boolean any = false;
            for (Series s : c.series()) {
                List<String> xs = new ArrayList<>();
                List<Number> ys = new ArrayList<>();
                for (String server : servers) {
                    Stats st = summary.stats(s.spec(), server, s.metric());
                    xs.add(server);
                    ys.add(st == null ? 0 : st.median());
                    any |= st != null;
                }
                chart.addSeries(s.label(), xs, ys);
            }
            if (!any) {
                continue;
            }
            Path file = dir.resolve(c.file());
            try {
                BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.add(file);
        }
        return written;
    }
}
