package io.gleitzeit.projections.internal;

import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.Source;
import java.util.ArrayList;
import java.util.List;

/** The streams a read model reads in a key layout. */
public final class ModelStreams {
    private ModelStreams() {
    }

    /** The cluster stream and/or every partition's event stream, as the model's sources say. */
    public static List<String> of(ReadModel model, KeyLayout layout) {
        List<String> streams = new ArrayList<>();
        if (model.sources().contains(Source.CLUSTER)) {
            streams.add(layout.clusterEvents());
        }
        if (model.sources().contains(Source.PARTITIONS)) {
            for (int p = 0; p < layout.partitions().count(); p++) {
                streams.add(layout.events(p));
            }
        }
        return List.copyOf(streams);
    }
}
