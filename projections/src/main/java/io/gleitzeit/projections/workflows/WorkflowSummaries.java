package io.gleitzeit.projections.workflows;

import io.gleitzeit.definition.Priority;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.internal.ModelReader;
import io.gleitzeit.projections.internal.StoredJson;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Queries of the workflow summaries ({@code workflow:list}), from Redis: a list is a ZREVRANGE and an HMGET, the
 * totals one HGETALL (each after a GET of the current generation).
 */
public final class WorkflowSummaries {
    /** The most workflows one list returns. */
    public static final int MAX_LIMIT = 1000;

    private final ModelReader reader;

    /** Over a connection the caller keeps and closes. */
    public WorkflowSummaries(StatefulRedisConnection<String, String> connection, KeyLayout layout) {
        this(RedisLink.of(connection), layout);
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public WorkflowSummaries(RedisLink connection, KeyLayout layout) {
        this.reader = new ModelReader(connection, new ModelKeys(layout.prefix(), WorkflowSummaryModel.NAME));
    }

    /**
     * Up to {@code limit} workflows, newest submission first; only those in {@code status} when it is given.
     *
     * @throws IllegalArgumentException when {@code limit} is not within 1..{@link #MAX_LIMIT}, or {@code status}
     *                                  is {@link WorkflowStatus#NOT_SUBMITTED}
     */
    public CompletionStage<List<WorkflowSummary>> list(Optional<WorkflowStatus> status, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (status.isPresent() && !WorkflowSummaryModel.LISTED.contains(status.get())) {
            throw new IllegalArgumentException("status must be one of running, completed, failed, cancelled, was "
                    + WorkflowSummaryModel.wireName(status.get()));
        }
        String index = status.map(WorkflowSummaryModel::byStatus).orElse(WorkflowSummaryModel.ALL);
        return reader.highest(index, limit)
                .thenCompose(ids -> reader.values(WorkflowSummaryModel.WORKFLOWS, ids))
                .thenApply(found -> found.stream().map(WorkflowSummaries::summary).toList());
    }

    /** One workflow's summary. */
    public CompletionStage<Optional<WorkflowSummary>> get(String workflowId) {
        return reader.values(WorkflowSummaryModel.WORKFLOWS, List.of(workflowId))
                .thenApply(found -> found.stream().findFirst().map(WorkflowSummaries::summary));
    }

    /** Workflows per status and the ready queue per priority. */
    public CompletionStage<WorkflowTotals> totals() {
        return reader.hash(WorkflowSummaryModel.TOTALS).thenApply(WorkflowSummaries::totals);
    }

    private static WorkflowSummary summary(String json) {
        return StoredJson.read(json, StoredWorkflow.class, "a workflow summary").summary();
    }

    private static WorkflowTotals totals(Map<String, String> fields) {
        Map<Priority, Integer> queued = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            queued.put(p, number(fields, WorkflowSummaryModel.queuedField(p)));
        }
        return new WorkflowTotals(number(fields, "running"), number(fields, "completed"), number(fields, "failed"),
                number(fields, "cancelled"), queued);
    }

    private static int number(Map<String, String> fields, String field) {
        return Integer.parseInt(fields.getOrDefault(field, "0"));
    }
}
