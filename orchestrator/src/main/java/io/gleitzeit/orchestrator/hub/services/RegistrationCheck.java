package io.gleitzeit.orchestrator.hub.services;

import io.gleitzeit.orchestrator.hub.transport.Problem;
import io.gleitzeit.orchestrator.routing.EndpointStrategy;
import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.NodeRegistration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a registration must satisfy beyond its shape (which binding checks): every problem, by JSON path, so that a
 * service author sees all of them at once.
 */
final class RegistrationCheck {
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_CONCURRENT = 10_000;

    private RegistrationCheck() {
    }

    static List<Problem> problems(NodeRegistration r) {
        List<Problem> problems = new ArrayList<>();
        if (r.nodeId().length() > MAX_ID_LENGTH) {
            problems.add(new Problem("$.node_id", "must be at most " + MAX_ID_LENGTH + " characters"));
        }
        if (r.nodeId().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add(new Problem("$.node_id", "must not contain whitespace or control characters"));
        }
        if (r.name().length() > MAX_ID_LENGTH) {
            problems.add(new Problem("$.name", "must be at most " + MAX_ID_LENGTH + " characters"));
        }
        List<String> taskTypes = r.capabilities().taskTypes();
        if (taskTypes.isEmpty()) {
            problems.add(new Problem("$.capabilities.task_types",
                    "must list at least one task type (e.g. python_execution, llm_generation)"));
        }
        for (int i = 0; i < taskTypes.size(); i++) {
            if (taskTypes.get(i).isBlank()) {
                problems.add(new Problem("$.capabilities.task_types[" + i + "]", "must not be blank"));
            }
        }
        if (r.capabilities().maxConcurrentTasks() > MAX_CONCURRENT) {
            problems.add(new Problem("$.capabilities.max_concurrent_tasks", "must be at most " + MAX_CONCURRENT
                    + ", was " + r.capabilities().maxConcurrentTasks()));
        }
        Set<String> endpointIds = new HashSet<>();
        for (int i = 0; i < r.endpoints().size(); i++) {
            EndpointDeclaration e = r.endpoints().get(i);
            if (!endpointIds.add(e.endpointId())) {
                problems.add(new Problem("$.endpoints[" + i + "].endpoint_id",
                        "duplicates an earlier endpoint's id '" + e.endpointId() + "'"));
            }
            if (!EndpointDeclaration.isValidPriority(e.priority())) {
                problems.add(new Problem("$.endpoints[" + i + "].priority", "must be within "
                        + EndpointDeclaration.MIN_PRIORITY + ".." + EndpointDeclaration.MAX_PRIORITY + ", was "
                        + e.priority()));
            }
            blanks(problems, "$.endpoints[" + i + "].tags", e.tags());
        }
        if (r.routingStrategy() != null && EndpointStrategy.fromWireName(r.routingStrategy()).isEmpty()) {
            problems.add(new Problem("$.routing_strategy", "must be one of " + String.join(", ",
                    EndpointStrategy.wireNames()) + "; was '" + r.routingStrategy() + "'"));
        }
        blanks(problems, "$.functions", r.functions());
        blanks(problems, "$.models", r.models());
        blanks(problems, "$.providers", r.providers());
        return problems;
    }

    private static void blanks(List<Problem> problems, String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isBlank()) {
                problems.add(new Problem(path + "[" + i + "]", "must not be blank"));
            }
        }
    }
}
