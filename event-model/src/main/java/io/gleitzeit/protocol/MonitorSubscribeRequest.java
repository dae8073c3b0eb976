package io.gleitzeit.protocol;

import java.util.List;

/**
 * {@code monitor:subscribe}.
 *
 * @param types what to receive; {@code ["all"]} when absent
 */
@WirePayload
public record MonitorSubscribeRequest(List<String> types) {
    /** Every kind of monitoring update. */
    public static final String ALL = "all";

    public MonitorSubscribeRequest {
        types = Require.list(types);
        types = types.isEmpty() ? List.of(ALL) : types;
    }
}
