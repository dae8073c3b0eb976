package io.gleitzeit.orchestrator.hub.services;

import java.util.Objects;

/**
 * The Redis keys the hubs share about services and about each other. All carry the {@code {cluster}} hash tag, like
 * the cluster event stream, so any multi-key step stays in one slot.
 *
 * <pre>
 * &lt;prefix&gt;{cluster}:sessions                 ZSET service id → last sign of life (epoch ms)
 * &lt;prefix&gt;{cluster}:session:&lt;serviceId&gt;      HASH hub, socket, name, max_concurrent, registered_at
 * &lt;prefix&gt;{cluster}:attempts:&lt;serviceId&gt;     HASH &lt;task_id&gt;:&lt;attempt&gt; → workflow id: attempts delivered or to deliver
 * &lt;prefix&gt;{cluster}:hub:&lt;hubId&gt;              STRING with a TTL: the hub is alive
 * </pre>
 */
record SessionKeys(String prefix) {
    private static final String TAG = "{cluster}";

    SessionKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    String sessions() {
        return prefix + TAG + ":sessions";
    }

    String session(String serviceId) {
        return prefix + TAG + ":session:" + serviceId;
    }

    String attempts(String serviceId) {
        return prefix + TAG + ":attempts:" + serviceId;
    }

    String hub(String hubId) {
        return prefix + TAG + ":hub:" + hubId;
    }
}
