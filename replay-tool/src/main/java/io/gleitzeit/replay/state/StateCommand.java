package io.gleitzeit.replay.state;

import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.gleitzeit.state.WorkflowState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code state WORKFLOW_ID [--at EVENT_ID|VERSION|ISO-TIMESTAMP] [--json]}: the fold up to a point. */
@Command(name = "state", description = "The fold of a workflow's events up to a point: the workflow's status and "
        + "every task's status, attempts, result and error.")
public final class StateCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Option(names = "--at", paramLabel = "EVENT_ID|VERSION|ISO-TIMESTAMP",
            description = "fold up to and including this version or event, or the events up to this moment")
    String at;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() {
        StatePoint point;
        try {
            point = at == null ? new StatePoint.End() : StatePoint.parse(at);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (LogSession session = root.log().open()) {
            WorkflowHistory history = session.histories().read(workflowId);
            if (history.isEmpty()) {
                throw new CommandFailure("workflow " + workflowId + " not found (no stream "
                        + session.keys().workflowStream(workflowId) + ")");
            }
            WorkflowState state = StateAt.fold(history, point);
            if (json) {
                root.out().println(StateView.json(state, point, session.codec().mapper()));
            } else {
                StateView.text(state, point, root.out());
            }
            return 0;
        }
    }
}
