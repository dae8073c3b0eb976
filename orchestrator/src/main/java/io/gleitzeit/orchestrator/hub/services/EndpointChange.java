package io.gleitzeit.orchestrator.hub.services;

import io.gleitzeit.protocol.EndpointHealth;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an endpoint's heartbeat figures changed enough to be recorded as an event: health flipped, the loaded
 * models changed, or GPU memory moved by at least {@value #VRAM_SHARE_PERCENT}% of the total (or 256 MiB when the
 * total is unknown). In-flight counts are never a reason: routing takes them from dispatch and completion events.
 */
final class EndpointChange {
    static final int VRAM_SHARE_PERCENT = 5;
    static final long VRAM_FLOOR_BYTES = 256L * 1024 * 1024;

    private EndpointChange() {
    }

    static boolean isMaterial(EndpointHealth before, EndpointHealth now) {
        if (before == null) {
            return true;
        }
        if (before.healthy() != now.healthy()
                || !Set.copyOf(before.loadedModels()).equals(Set.copyOf(now.loadedModels()))
                || !Objects.equals(before.vramTotalBytes(), now.vramTotalBytes())) {
            return true;
        }
        long was = before.vramUsedBytes() == null ? -1 : before.vramUsedBytes();
        long is = now.vramUsedBytes() == null ? -1 : now.vramUsedBytes();
        if ((was < 0) != (is < 0)) {
            return true;
        }
        long threshold = now.vramTotalBytes() != null && now.vramTotalBytes() > 0
                ? now.vramTotalBytes() * VRAM_SHARE_PERCENT / 100 : VRAM_FLOOR_BYTES;
        return Math.abs(is - was) >= Math.max(1, threshold);
    }
}
