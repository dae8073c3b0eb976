package io.gleitzeit.projections;

import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.internal.Rebuilder;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.Objects;

/**
 * Rebuilds a read model from scratch while its projector keeps running: the model is built into a fresh
 * generation ({@code g<N>} keys) by reading its streams from the start, caught up with what was appended
 * meanwhile, then made current in one script ({@code current} ← N) that refuses it while it is behind the live
 * generation on any stream. The replaced generation's keys expire after {@link ProjectorOptions#retireAfter()},
 * so readers that looked up the old generation an instant before still find it.
 */
public final class ProjectionRebuild {
    private final RedisConnector connector;
    private final KeyLayout layout;
    private final EntryDecoder decoder;
    private final ProjectorOptions options;

    public ProjectionRebuild(RedisClient client, KeyLayout layout, EntryDecoder decoder, ProjectorOptions options) {
        this(RedisConnector.of(Objects.requireNonNull(client, "client")), layout, decoder, options);
    }

    /** A rebuild on any Redis topology. */
    public ProjectionRebuild(RedisConnector connector, KeyLayout layout, EntryDecoder decoder,
                             ProjectorOptions options) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Rebuilds {@code model} and makes the result current (blocking; opens a connection of its own). */
    public RebuildResult rebuild(ReadModel model) {
        Objects.requireNonNull(model, "model");
        try (RedisLink connection = connector.connect()) {
            return new Rebuilder(connection.sync(), layout, decoder, options).rebuild(model);
        }
    }
}
