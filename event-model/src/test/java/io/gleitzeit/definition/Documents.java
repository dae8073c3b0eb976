package io.gleitzeit.definition;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds workflow documents for tests and runs them through a parser. */
final class Documents {
    static final String GENERATED_ID = "generated-1";
    static final WorkflowDocumentParser PARSER = new WorkflowDocumentParser(() -> GENERATED_ID);

    private Documents() {
    }

    /** JSON written with single quotes, which read better inside Java strings. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A workflow named {@code W} with these tasks (single-quoted JSON objects). */
    static String workflow(String... tasks) {
        return json("{'name': 'W', 'tasks': [" + String.join(", ", tasks) + "]}");
    }

    /** A valid text task with extra fields (single-quoted JSON members, may be empty). */
    static String textTask(String name, String extraMembers) {
        return "{'name': '" + name + "', 'type': 'text', 'prompt': 'p'" + (extraMembers.isEmpty() ? "" : ", "
                + extraMembers) + "}";
    }

    /** A valid text task without extra fields. */
    static String textTask(String name) {
        return textTask(name, "");
    }

    /** A valid text task depending on others. */
    static String taskAfter(String name, String... dependencies) {
        String deps = Arrays.stream(dependencies).map(d -> "'" + d + "'").collect(Collectors.joining(", "));
        return textTask(name, dependencies.length == 0 ? "" : "'dependencies': [" + deps + "]");
    }

    static WorkflowDefinition parse(String json) {
        return PARSER.parse(json);
    }

    static List<ValidationProblem> problemsOf(String json) {
        return problemsOf(PARSER, json);
    }

    static List<ValidationProblem> problemsOf(WorkflowDocumentParser parser, String json) {
        try {
            parser.parse(json);
        } catch (WorkflowValidationException e) {
            return e.problems();
        }
        return fail("expected the document to be refused: " + json);
    }

    static ValidationProblem problem(String path, String message) {
        return new ValidationProblem(path, message);
    }
}
