package io.gleitzeit.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks that dependencies name other tasks, each once, and that they form no cycle. Cycles are looked for only along
 * dependencies that are valid, so one mistake is not reported twice.
 */
final class DependencyCheck {
    private static final int SHOWN_NAMES = 10;

    private final Map<String, Integer> firstIndexByName;

    DependencyCheck(Map<String, Integer> firstIndexByName) {
        this.firstIndexByName = firstIndexByName;
    }

    /** The indices of the tasks {@code task} depends on, reporting unknown, self and duplicate entries. */
    int[] resolve(TaskDraft task, Problems problems) {
        List<Integer> targets = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        List<String> dependencies = task.dependencies();
        for (int position = 0; position < dependencies.size(); position++) {
            String name = dependencies.get(position);
            if (name == null) {
                continue;
            }
            String path = task.dependencyPath(position);
            Integer earlier = seenAt.putIfAbsent(name, position);
            Integer target = firstIndexByName.get(name);
            if (earlier != null) {
                problems.add(path, "duplicate dependency " + JsonKind.quote(name) + ": already listed at dependencies["
                        + earlier + "]");
            } else if (target == null) {
                problems.add(path, "no task is named " + JsonKind.quote(name));
            } else if (target == task.index() || name.equals(task.name())) {
                problems.add(path, "a task cannot depend on itself");
            } else {
                targets.add(target);
            }
        }
        return targets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Reports each group of tasks that depend on each other in a loop, once, at its first task's dependencies. */
    static void reportCycles(int[][] dependsOn, List<TaskDraft> tasks, Problems problems) {
        for (CycleFinder.Cycle cycle : CycleFinder.find(dependsOn)) {
            TaskDraft first = tasks.get(cycle.cycle().get(0));
            List<String> names = cycle.cycle().stream().map(i -> displayName(tasks.get(i))).toList();
            StringBuilder message = new StringBuilder("cycle: ").append(arrowed(names));
            List<String> others = cycle.members().stream()
                    .filter(i -> !cycle.cycle().contains(i))
                    .map(i -> displayName(tasks.get(i)))
                    .toList();
            if (!others.isEmpty()) {
                message.append("; also caught in cycles with these: ").append(listed(others));
            }
            problems.add(first.dependenciesPath(), message.toString());
        }
    }

    /** The name, or the path of a task whose name was invalid. */
    private static String displayName(TaskDraft task) {
        return task.name() != null ? task.name() : task.path();
    }

    /** {@code A → B → C → A}, shortened in the middle when long. */
    private static String arrowed(List<String> names) {
        if (names.size() <= SHOWN_NAMES + 1) {
            return String.join(" → ", names);
        }
        int tasks = names.size() - 1;
        List<String> head = names.subList(0, SHOWN_NAMES / 2);
        List<String> tail = names.subList(names.size() - SHOWN_NAMES / 2, names.size());
        return String.join(" → ", head) + " → … → " + String.join(" → ", tail) + " (" + tasks + " tasks)";
    }

    private static String listed(List<String> names) {
        String shown = names.stream().limit(SHOWN_NAMES).collect(Collectors.joining(", "));
        return names.size() > SHOWN_NAMES ? shown + " and " + (names.size() - SHOWN_NAMES) + " more" : shown;
    }
}
