package io.gleitzeit.definition;

import io.gleitzeit.log.GleitzeitException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow document was refused. Carries every problem found, each with the JSON path of the offending value,
 * so a client can fix them all in one go. Nothing was stored: validation happens before the first event.
 */
public final class WorkflowValidationException extends GleitzeitException {
    /** The {@code error.code} a refused {@code workflow:submit} answers with. */
    public static final String ERROR_CODE = "invalid_workflow";

    private static final int PROBLEMS_IN_MESSAGE = 5;

    private final transient List<ValidationProblem> problems;

    public WorkflowValidationException(List<ValidationProblem> problems) {
        super(summary(problems), null, false);
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in document order (workflow fields, then each task, then dependency cycles). */
    public List<ValidationProblem> problems() {
        return problems;
    }

    private static String summary(List<ValidationProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        String shown = problems.stream()
                .limit(PROBLEMS_IN_MESSAGE)
                .map(ValidationProblem::toString)
                .collect(Collectors.joining("; "));
        int more = problems.size() - PROBLEMS_IN_MESSAGE;
        return "invalid workflow document (" + problems.size() + (problems.size() == 1 ? " problem): " : " problems): ")
                + shown + (more > 0 ? "; and " + more + " more" : "");
    }
}
