package io.gleitzeit.ops.monitor;

import io.gleitzeit.protocol.ClusterMetrics;
import io.gleitzeit.protocol.MonitorEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one monitoring snapshot as text, like the original Gleitzeit monitor: a summary line, services with an
 * icon per kind, {@code Tasks: a/m} and {@code Success: x%}, endpoints with their GPU load, and recent events. With
 * {@link Style#ANSI} it uses colours and emoji icons; {@link Style#PLAIN} is ASCII only, for scripts and logs.
 */
final class TerminalView {
    /** How the text is decorated. */
    enum Style { ANSI, PLAIN }

    private static final Map<String, String> EMOJI = Map.of(ClusterMetrics.NodeMetrics.INTERNAL_LLM, "🧠",
            ClusterMetrics.NodeMetrics.EXTERNAL_LLM, "☁️", ClusterMetrics.NodeMetrics.FUNCTIONS, "⚙️",
            ClusterMetrics.NodeMetrics.OTHER, "🔌");
    private static final Map<String, String> ASCII = Map.of(ClusterMetrics.NodeMetrics.INTERNAL_LLM, "[LLM]",
            ClusterMetrics.NodeMetrics.EXTERNAL_LLM, "[EXT]", ClusterMetrics.NodeMetrics.FUNCTIONS, "[FN] ",
            ClusterMetrics.NodeMetrics.OTHER, "[..] ");
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String DIM = "\u001b[2m";
    private static final int BAR = 10;

    private final Style style;
    private final ZoneId zone;
    private final DateTimeFormatter clock;

    TerminalView(Style style, ZoneId zone) {
        this.style = style;
        this.zone = zone;
        this.clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    String render(String hub, ClusterMetrics m, List<MonitorEvent> events, int maxEvents) {
        StringBuilder out = new StringBuilder();
        ClusterMetrics.Workflows wf = m.workflowMetrics();
        ClusterMetrics.Queues q = m.queueMetrics();
        out.append(bold("Gleitzeit cluster monitor")).append("  ").append(hub).append("  ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(zone).format(m.timestamp()))
                .append('\n');
        out.append(String.format(Locale.ROOT,
                "Services: %d connected | Workflows: %d running, %d completed, %d failed, %d cancelled%n",
                m.clusterMetrics().externalServiceNodes(), wf.running(), wf.completed(), wf.failed(),
                wf.cancelled()));
        out.append(String.format(Locale.ROOT,
                "Queue: %d (urgent %d, high %d, normal %d, low %d) | Active tasks: %d | Utilization: %.1f%% | "
                        + "Clients: %d (%d monitoring)%n%n",
                q.totalQueued(), q.urgentQueue(), q.highQueue(), q.normalQueue(), q.lowQueue(),
                m.aggregateMetrics().totalActiveTasks(), m.aggregateMetrics().clusterUtilization() * 100,
                m.clusterMetrics().connectedClients(), m.clusterMetrics().monitoringClients()));

        out.append(bold("SERVICES")).append('\n');
        if (m.nodeMetrics().isEmpty()) {
            out.append(dim("  no services registered")).append('\n');
        }
        for (ClusterMetrics.NodeMetrics n : m.nodeMetrics()) {
            String kind = n.kind() == null ? ClusterMetrics.NodeMetrics.OTHER : n.kind();
            String icon = (style == Style.ANSI ? EMOJI : ASCII).getOrDefault(kind, "?");
            out.append(String.format(Locale.ROOT, "  %s %-24s %s  Tasks: %d/%d  Success: %5.1f%%  %s%n", icon,
                    clip(n.name() == null ? n.nodeId() : n.name(), 24), status(n.status(), 7), n.activeTasks(),
                    n.maxTasks(), n.successRate() * 100, String.join(", ", n.capabilities())));
        }
        if (!m.endpointMetrics().isEmpty()) {
            out.append('\n').append(bold("ENDPOINTS")).append('\n');
            for (ClusterMetrics.EndpointMetrics e : m.endpointMetrics()) {
                out.append(String.format(Locale.ROOT, "  %-12s %-16s %s  %d/%d  GPU %s  %s  %s%n",
                        clip(e.endpointId(), 12), clip(e.serviceId(), 16),
                        status(e.healthy() ? "healthy" : "unhealthy", 9), e.inFlight(), e.maxConcurrent(),
                        gpu(e.vramUsedBytes(), e.vramTotalBytes()),
                        e.ewmaLatencyMs() == null ? "-" : Math.round(e.ewmaLatencyMs()) + " ms",
                        String.join(", ", e.loadedModels())));
            }
        }
        out.append('\n').append(bold("RECENT EVENTS")).append('\n');
        List<MonitorEvent> latest = events.subList(Math.max(0, events.size() - maxEvents), events.size());
        if (latest.isEmpty()) {
            out.append(dim("  none yet")).append('\n');
        }
        for (int i = latest.size() - 1; i >= 0; i--) {
            MonitorEvent e = latest.get(i);
            out.append("  ").append(dim(clock.format(e.timestamp()))).append("  ")
                    .append(e.workflowId() == null || e.taskId() != null ? "" : e.workflowId() + ": ")
                    .append(e.message()).append('\n');
        }
        return out.toString();
    }

    private static String gpu(Long used, Long total) {
        if (used == null || total == null || total == 0) {
            return "[" + "?".repeat(BAR) + "] n/a";
        }
        int filled = (int) Math.min(BAR, Math.round((double) used / total * BAR));
        return String.format(Locale.ROOT, "[%s%s] %.1f/%.1f GB", "#".repeat(filled), ".".repeat(BAR - filled),
                used / 1e9, total / 1e9);
    }

    private String status(String status, int width) {
        String padded = String.format(Locale.ROOT, "%-" + width + "s", status);
        if (style == Style.PLAIN) {
            return padded;
        }
        boolean good = status.equals("active") || status.equals("healthy");
        return (good ? GREEN : RED) + padded + RESET;
    }

    private String bold(String text) {
        return style == Style.ANSI ? BOLD + text + RESET : text;
    }

    private String dim(String text) {
        return style == Style.ANSI ? DIM + text + RESET : text;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}
