package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.definition.template.ItemSyntax;
import java.util.Objects;

/**
 * How a batch task fans out: its body (the task's own fields) runs once per element of {@code items}, each run a
 * <em>unit</em> with id {@code <task_id>[<i>]}, at most {@code maxConcurrency} at a time; the task's result is the
 * list of the units' results in the order of the items.
 *
 * @param items          a JSON array (its elements may hold {@code {{Task.result}}} references), or a string that is
 *                       exactly one {@code {{Task.result…}}} reference to a list; resolved when the task is ready
 * @param maxConcurrency how many units may be unfinished (dispatched, running or waiting for a retry) at once
 * @param itemVariable   the name {@code {{<name>}}} and {@code {{<name>.path}}} refer to the current element by
 */
public record BatchSpec(JsonNode items, int maxConcurrency, String itemVariable) {
    /** Units in flight when the document does not say. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    /** The highest {@code max_concurrency} a document may ask for. */
    public static final int MAX_CONCURRENCY = 1000;
    /** The item variable when the document does not name one. */
    public static final String DEFAULT_ITEM_VARIABLE = "item";
    /**
     * The most elements a batch may run over, literal or resolved: each is a unit in the workflow's state, so the
     * bound keeps one workflow's state within what {@code DocumentLimits.maxTasks} allows by default.
     */
    public static final int MAX_ITEMS = 10_000;

    public BatchSpec {
        Objects.requireNonNull(items, "items");
        if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrency must be within 1.." + MAX_CONCURRENCY);
        }
        Objects.requireNonNull(itemVariable, "itemVariable");
        if (!ItemSyntax.VARIABLE.matcher(itemVariable).matches()) {
            throw new IllegalArgumentException("itemVariable must be an identifier, was " + itemVariable);
        }
    }
}
