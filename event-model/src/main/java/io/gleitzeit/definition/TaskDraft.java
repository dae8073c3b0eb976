package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * One task as read from the document, before the checks that need every task (dependencies, cycles, references).
 * Fields that were invalid are {@code null}; {@code dependencies} keeps the document's positions, with {@code null}
 * where an entry was not a string.
 */
record TaskDraft(
        int index,
        String path,
        String name,
        TaskType type,
        List<String> dependencies,
        RetryPolicy retry,
        Duration timeout,
        Priority priority,
        String service,
        ObjectNode parameters,
        BatchSpec batch) {

    String dependenciesPath() {
        return path + ".dependencies";
    }

    String dependencyPath(int position) {
        return dependenciesPath() + "[" + position + "]";
    }

    /** The definition; only called when the whole document was valid, so nothing is {@code null} that may not be. */
    TaskDefinition toDefinition() {
        return new TaskDefinition(name, type, dependencies, retry, timeout, priority, service, parameters, batch);
    }
}
