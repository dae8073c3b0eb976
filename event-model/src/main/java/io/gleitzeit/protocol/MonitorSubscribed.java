package io.gleitzeit.protocol;

import java.util.List;

/**
 * {@code monitor:subscribed}.
 *
 * @param message a confirmation
 * @param types   the subscribed types
 */
@WirePayload
public record MonitorSubscribed(String message, List<String> types) {
    public MonitorSubscribed {
        types = Require.list(types);
    }
}
