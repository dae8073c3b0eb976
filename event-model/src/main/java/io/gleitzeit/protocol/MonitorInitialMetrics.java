package io.gleitzeit.protocol;

import java.util.List;
import java.util.Objects;

/**
 * {@code monitor:initial_metrics}: the first snapshot after subscribing.
 *
 * @param metrics               the snapshot
 * @param subscriptionTypes     what the monitor subscribed to
 * @param updateIntervalSeconds how often {@code monitor:metrics_update} follows
 */
@WirePayload
public record MonitorInitialMetrics(ClusterMetrics metrics, List<String> subscriptionTypes, double updateIntervalSeconds) {
    public MonitorInitialMetrics {
        Objects.requireNonNull(metrics, "metrics");
        subscriptionTypes = Require.list(subscriptionTypes);
    }
}
