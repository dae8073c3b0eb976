package io.gleitzeit.definition;

import io.gleitzeit.definition.template.ReferenceSyntax;
import io.gleitzeit.definition.template.TaskReference;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the {@code {{Task.result}}} references in a task's parameters: each must name another task that is one of
 * its dependencies, so its result exists when the task is dispatched. A batch task's {@code items} are checked
 * the same way.
 */
final class ReferenceCheck {
    private final Map<String, Integer> firstIndexByName;

    ReferenceCheck(Map<String, Integer> firstIndexByName) {
        this.firstIndexByName = firstIndexByName;
    }

    void check(TaskDraft task, Problems problems) {
        Set<String> dependencies = new HashSet<>(task.dependencies());
        ReferenceSyntax.visit(task.parameters(), task.path(), (path, ref) -> check(task, dependencies, path, ref,
                problems));
        if (task.batch() != null) {
            ReferenceSyntax.visit(task.batch().items(), task.path() + ".batch.items",
                    (path, ref) -> check(task, dependencies, path, ref, problems));
        }
    }

    private void check(TaskDraft task, Set<String> dependencies, String path, TaskReference ref, Problems problems) {
        String target = ref.taskName();
        String quoted = JsonKind.quote(target);
        if (Objects.equals(target, task.name())) {
            problems.add(path, "references its own result (" + ref.text() + "), which cannot exist yet");
        } else if (!firstIndexByName.containsKey(target)) {
            problems.add(path, "references " + quoted + ", but no task has that name");
        } else if (!dependencies.contains(target)) {
            problems.add(path, "references " + quoted + ", which is not one of its dependencies");
        }
    }
}
