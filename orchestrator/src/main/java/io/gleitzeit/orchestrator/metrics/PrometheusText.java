package io.gleitzeit.orchestrator.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Dropwizard registry in the Prometheus text format, through the Prometheus Dropwizard bridge. Dotted names whose
 * last segments are values (task type, provider, group) become one metric with labels.
 *
 * <p>The bridge (1.4.3) maps each Dropwizard metric to its own Prometheus family and refuses two families of one
 * name, which is exactly what label mapping produces ({@code consumer_lag.decider} and {@code consumer_lag.proj-load}
 * both become {@code gleitzeit_consumer_lag}). So each Dropwizard metric is converted on its own and families of the
 * same name are merged into one with all their labelled data points.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_\\-]");

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("decisions", "Commands this replica decided that led to an append"),
            Map.entry("events_appended", "Events this replica appended"),
            Map.entry("ignored_commands", "Commands whose effect was already recorded (duplicates, stale reports)"),
            Map.entry("version_conflicts", "Appends that lost a race with another replica and were decided again"),
            Map.entry("timers_fired", "Due timers this replica moved to the command streams"),
            Map.entry(TaskTimings.DISPATCH_LATENCY,
                    "Seconds from a task attempt's task.ready to its task.dispatched (cluster-wide, from the streams)"),
            Map.entry(TaskTimings.TASK_DURATION, "Seconds a task attempt ran: the duration_ms its service reported, "
                    + "else dispatch to completion (cluster-wide, from the streams)"),
            Map.entry(TaskTimings.TASKS_FINISHED,
                    "Task attempts that ended: completed, failed or timed_out (cluster-wide, from the streams)"),
            Map.entry(OrchestratorMetrics.CONSUMER_LAG, "Entries not yet delivered to the consumer group"),
            Map.entry(OrchestratorMetrics.CONSUMER_PENDING,
                    "Entries delivered to the consumer group and not yet acknowledged"),
            Map.entry("dead_letters", "Entries parked in the dead-letter streams"),
            Map.entry("connected_services", "Services connected to any hub (service registry projection)"),
            Map.entry("monitoring_clients", "Connections to this hub subscribed to monitoring"));

    private final MetricRegistry registry;
    private final String prefix;
    private final CustomLabelMapper labels;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PrometheusText(MetricRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
        this.labels = new CustomLabelMapper(List.of(
                labelled(prefix, TaskTimings.TASK_DURATION, "task_type", "provider"),
                labelled(prefix, TaskTimings.TASKS_FINISHED, "task_type", "provider", "outcome"),
                labelled(prefix, OrchestratorMetrics.CONSUMER_LAG, "group"),
                labelled(prefix, OrchestratorMetrics.CONSUMER_PENDING, "group")));
    }

    private static MapperConfig labelled(String prefix, String metric, String... names) {
        StringBuilder match = new StringBuilder(prefix + "." + metric);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            match.append(".*");
            values.put(names[i], "${" + i + "}");
        }
        return new MapperConfig(match.toString(), prefix + "_" + metric, values);
    }

    /** A name segment for a label value: dots would split it, so anything but letters, digits, - and _ becomes _. */
    static String segment(String value) {
        return UNSAFE.matcher(value).replaceAll("_");
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, scrape());
    }

    MetricSnapshots scrape() {
        Map<String, List<MetricSnapshot>> families = new LinkedHashMap<>();
        for (String name : registry.getNames()) {
            DropwizardExports one = new DropwizardExports(registry, (n, metric) -> n.equals(name), labels);
            for (MetricSnapshot snapshot : one.collect()) {
                families.computeIfAbsent(snapshot.getMetadata().getPrometheusName(), k -> new ArrayList<>())
                        .add(snapshot);
            }
        }
        List<MetricSnapshot> merged = new ArrayList<>();
        families.values().forEach(family -> merged.add(merge(family)));
        return new MetricSnapshots(merged);
    }

    /** One family with every data point of {@code family}, and help text saying what it measures. */
    private MetricSnapshot merge(List<MetricSnapshot> family) {
        MetricSnapshot first = family.get(0);
        String name = first.getMetadata().getName();
        String help = HELP.get(name.startsWith(prefix + "_") ? name.substring(prefix.length() + 1) : name);
        MetricMetadata metadata = new MetricMetadata(name, help != null ? help : first.getMetadata().getHelp());
        if (first instanceof GaugeSnapshot) {
            List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
            family.forEach(s -> points.addAll(((GaugeSnapshot) s).getDataPoints()));
            return new GaugeSnapshot(metadata, points);
        }
        if (first instanceof CounterSnapshot) {
            List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
            family.forEach(s -> points.addAll(((CounterSnapshot) s).getDataPoints()));
            return new CounterSnapshot(metadata, points);
        }
        if (first instanceof SummarySnapshot) {
            List<SummarySnapshot.SummaryDataPointSnapshot> points = new ArrayList<>();
            family.forEach(s -> points.addAll(((SummarySnapshot) s).getDataPoints()));
            return new SummarySnapshot(metadata, points);
        }
        throw new IllegalStateException("cannot merge metric families of type " + first.getClass().getSimpleName());
    }
}
