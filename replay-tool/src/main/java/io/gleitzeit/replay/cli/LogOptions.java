package io.gleitzeit.replay.cli;

import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.gleitzeit.redis.connect.RedisEndpoint;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Where the log is: the options every command shares (declared once on the root, accepted after any command). */
public final class LogOptions {
    /**
     * Where the tool looks for Redis when neither {@code --redis} nor the environment says: the local redis-server
     * that {@code gleitzeit orchestrator} starts when none is configured.
     */
    public static final String DEFAULT_REDIS_URL = LocalRedisServer.ALL_IN_ONE_URL;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--redis", paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "${env:GLEITZEIT_REDIS_URL:-" + DEFAULT_REDIS_URL + "}",
            description = "Redis URL: redis://, rediss://, redis-socket://, redis-sentinel://…#primary or "
                    + "redis-cluster://host:port,host:port (env GLEITZEIT_REDIS_URL; default ${DEFAULT-VALUE})")
    String redisUrl;

    @Option(names = "--prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT, defaultValue = KeyLayout.DEFAULT_PREFIX,
            description = "key prefix of the deployment (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--partitions", paramLabel = "N", scope = ScopeType.INHERIT,
            defaultValue = "" + PartitionScheme.DEFAULT_PARTITIONS,
            description = "partition count of the deployment (default ${DEFAULT-VALUE})")
    int partitions;

    /** The Redis URL. */
    public String redisUrl() {
        return redisUrl;
    }

    /** Where the log is, for messages: host and port, never credentials. */
    public String describe() {
        try {
            return "prefix '" + prefix + "' at " + LogSession.where(RedisEndpoint.parse(redisUrl));
        } catch (IllegalArgumentException e) {
            return "prefix '" + prefix + "'";
        }
    }

    /** The key layout the options describe; a usage error naming the option when they describe none. */
    public KeyLayout layout() {
        try {
            return LogSession.layout(prefix, partitions);
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().startsWith("prefix") ? "--prefix" : "--partitions";
            throw new ParameterException(mixee.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Opens a session on the log the options describe. */
    public LogSession open() {
        KeyLayout layout = layout();
        RedisEndpoint endpoint;
        try {
            endpoint = RedisEndpoint.parse(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--redis: " + e.getMessage());
        }
        return LogSession.open(endpoint, layout);
    }
}
