package io.gleitzeit.state;

import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph of a workflow by task id, computed once when it is submitted and shared by every later state.
 */
record TaskGraph(Map<String, String> idByName, Map<String, List<String>> dependencies,
                 Map<String, List<String>> dependents) {

    static final TaskGraph EMPTY = new TaskGraph(Map.of(), Map.of(), Map.of());

    static TaskGraph of(WorkflowDefinition definition) {
        List<TaskDefinition> tasks = definition.tasks();
        Map<String, String> idByName = new HashMap<>(tasks.size() * 2);
        for (int i = 0; i < tasks.size(); i++) {
            if (idByName.put(tasks.get(i).name(), definition.taskId(i)) != null) {
                throw new IllegalArgumentException("tasks[" + i + "].name: duplicate task name '"
                        + tasks.get(i).name() + "'");
            }
        }
        Map<String, List<String>> dependencies = new HashMap<>(tasks.size() * 2);
        Map<String, List<String>> dependents = new HashMap<>(tasks.size() * 2);
        for (int i = 0; i < tasks.size(); i++) {
            String id = definition.taskId(i);
            List<String> deps = new ArrayList<>(tasks.get(i).dependencies().size());
            for (String depName : tasks.get(i).dependencies()) {
                String depId = idByName.get(depName);
                if (depId == null) {
                    throw new IllegalArgumentException("tasks[" + i + "].dependencies: unknown task '" + depName + "'");
                }
                deps.add(depId);
                dependents.computeIfAbsent(depId, k -> new ArrayList<>()).add(id);
            }
            dependencies.put(id, List.copyOf(deps));
        }
        Map<String, List<String>> frozenDependents = new HashMap<>(dependents.size() * 2);
        dependents.forEach((k, v) -> frozenDependents.put(k, List.copyOf(v)));
        return new TaskGraph(Map.copyOf(idByName), Map.copyOf(dependencies), Map.copyOf(frozenDependents));
    }

    List<String> dependenciesOf(String taskId) {
        return dependencies.getOrDefault(taskId, List.of());
    }

    List<String> dependentsOf(String taskId) {
        return dependents.getOrDefault(taskId, List.of());
    }
}
