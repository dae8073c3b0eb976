package io.gleitzeit.services.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import io.gleitzeit.services.sdk.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The function service: runs the functions of a {@link FunctionRegistry} for function tasks
 * ({@code "type": "python"} or {@code "function"}). It registers with service type {@code function}, task types
 * {@code python_execution} and {@code function}, and lists every function name in {@code functions[]}.
 *
 * <p>It reads {@code external_parameters} (or {@code parameters}) {@code {function_name, args[], kwargs{}}};
 * {@code function} is accepted for {@code function_name}.
 *
 * <pre>{@code
 * var service = FunctionService.of(registry).newClient(ServiceOptions.newBuilder().name("functions")
 *         .hubUrl("http://localhost:8000"));
 * service.start();
 * }</pre>
 */
public final class FunctionService implements TaskHandler {
    /** The handler name function tasks carry in {@code external_task_type}. */
    public static final String PYTHON_EXECUTION = "python_execution";
    /** Also accepted, for hubs that send the document type. */
    public static final String FUNCTION = "function";

    private final FunctionRegistry registry;

    private FunctionService(FunctionRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public static FunctionService of(FunctionRegistry registry) {
        return new FunctionService(registry);
    }

    public FunctionRegistry registry() {
        return registry;
    }

    /** Completes service options for this service: type {@code function}, its task types, the function names. */
    public ServiceOptions.Builder configure(ServiceOptions.Builder options) {
        return options.serviceType(ServiceType.FUNCTION)
                .taskTypes(List.of(PYTHON_EXECUTION, FUNCTION))
                .functions(List.copyOf(registry.names()));
    }

    /** A client for this service; {@code options} needs a name and the hub URLs. */
    public GleitzeitServiceClient newClient(ServiceOptions.Builder options) {
        return GleitzeitServiceClient.newBuilder(configure(options).build(), this).build();
    }

    @Override
    public Object handle(TaskContext context) throws Exception {
        JsonNode parameters = context.parameters();
        return registry.invoke(functionName(parameters), parameters.get("args"), parameters.get("kwargs"), context);
    }

    @Override
    public Optional<Duration> timeLimit(TaskAssignment assignment) {
        JsonNode external = assignment.externalParameters();
        JsonNode parameters = external.isObject() && !external.isEmpty() ? external : assignment.parameters();
        JsonNode name = nameNode(parameters);
        if (name == null || !name.isTextual()) {
            return Optional.empty();
        }
        return registry.find(name.textValue()).map(FunctionDescriptor::timeout);
    }

    private static String functionName(JsonNode parameters) {
        JsonNode name = nameNode(parameters);
        if (name == null || name.isNull()) {
            throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                    "function_name is required in the task's parameters");
        }
        if (!name.isTextual() || name.textValue().isBlank()) {
            throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                    "function_name must be a non-blank string, got " + name);
        }
        return name.textValue();
    }

    private static JsonNode nameNode(JsonNode parameters) {
        JsonNode name = parameters.get("function_name");
        return name != null && !name.isNull() ? name : parameters.get("function");
    }
}
