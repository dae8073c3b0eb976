package io.gleitzeit.ops.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link FullBenchmark} runs: the workload, how many nodes and where they run, the function services and the
 * Redis to use.
 *
 * <pre>{@code
 * FullBenchmarkOptions.newBuilder("redis://127.0.0.1:6379").workload(Workload.DIAMOND).nodes(3)
 *         .placement(NodePlacement.PROCESSES).build();
 * }</pre>
 */
public final class FullBenchmarkOptions {
    public static final int DEFAULT_NODES = 1;
    public static final int DEFAULT_SERVICES = 1;
    public static final int DEFAULT_SERVICE_CONCURRENCY = 64;
    public static final int DEFAULT_PARTITIONS = 8;
    public static final Path DEFAULT_WORK_DIRECTORY = Path.of(".gleitzeit", "bench");

    /** Where the nodes run. */
    public enum NodePlacement {
        /** In the bench's JVM, beside the services and clients. */
        IN_PROCESS,
        /** Each in a {@code gleitzeit orchestrator} process of its own. */
        PROCESSES
    }

    private final String redisUrl;
    private final Workload workload;
    private final int workflows;
    private final int nodes;
    private final NodePlacement placement;
    private final int services;
    private final int serviceConcurrency;
    private final int partitions;
    private final Path workDirectory;

    private FullBenchmarkOptions(Builder b) {
        this.redisUrl = b.redisUrl;
        this.workload = b.workload;
        this.workflows = b.workflows > 0 ? b.workflows : b.workload.defaultWorkflows();
        this.nodes = b.nodes;
        this.placement = b.placement;
        this.services = b.services;
        this.serviceConcurrency = b.serviceConcurrency;
        this.partitions = b.partitions;
        this.workDirectory = b.workDirectory;
    }

    /** Options against the Redis at {@code redisUrl} (any form {@code RedisEndpoint} reads). */
    public static Builder newBuilder(String redisUrl) {
        return new Builder(redisUrl);
    }

    public String redisUrl() {
        return redisUrl;
    }

    public Workload workload() {
        return workload;
    }

    /** How many workflows the measured round submits. */
    public int workflows() {
        return workflows;
    }

    public int nodes() {
        return nodes;
    }

    public NodePlacement placement() {
        return placement;
    }

    public int services() {
        return services;
    }

    public int serviceConcurrency() {
        return serviceConcurrency;
    }

    public int partitions() {
        return partitions;
    }

    /** Where node processes write their logs. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Builds {@link FullBenchmarkOptions}; {@link #build()} checks every value. */
    public static final class Builder {
        private final String redisUrl;
        private Workload workload = Workload.DIAMOND;
        private int workflows;
        private int nodes = DEFAULT_NODES;
        private NodePlacement placement = NodePlacement.IN_PROCESS;
        private int services = DEFAULT_SERVICES;
        private int serviceConcurrency = DEFAULT_SERVICE_CONCURRENCY;
        private int partitions = DEFAULT_PARTITIONS;
        private Path workDirectory = DEFAULT_WORK_DIRECTORY;

        private Builder(String redisUrl) {
            this.redisUrl = Objects.requireNonNull(redisUrl, "redisUrl");
        }

        public Builder workload(Workload workload) {
            this.workload = Objects.requireNonNull(workload, "workload");
            return this;
        }

        /** How many workflows of the workload's shape to run (default: {@link Workload#defaultWorkflows()}). */
        public Builder workflows(int workflows) {
            this.workflows = workflows;
            return this;
        }

        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        public Builder placement(NodePlacement placement) {
            this.placement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        public Builder services(int services) {
            this.services = services;
            return this;
        }

        public Builder serviceConcurrency(int serviceConcurrency) {
            this.serviceConcurrency = serviceConcurrency;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
            return this;
        }

        public FullBenchmarkOptions build() {
            if (workflows != 0) {
                within("workflows", workflows, 1, 1_000_000);
            }
            within("nodes", nodes, 1, 16);
            within("services", services, 1, 64);
            within("serviceConcurrency", serviceConcurrency, 1, 10_000);
            within("partitions", partitions, 1, 1024);
            return new FullBenchmarkOptions(this);
        }

        private static void within(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", was " + value);
            }
        }
    }
}
