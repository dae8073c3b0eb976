package io.gleitzeit.services.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A function found by the {@link FunctionRegistry}: binds JSON {@code args}/{@code kwargs} to the method's
 * parameters, calls it, and turns the return value into JSON. Bad arguments fail as not retryable, naming the
 * argument.
 */
final class RegisteredFunction {
    private final FunctionDescriptor descriptor;
    private final Object target;
    private final Method method;
    /** One entry per Java parameter: the argument it binds, or {@code null} for an injected {@link TaskContext}. */
    private final List<FunctionParameter> slots;
    private final List<Class<? extends Throwable>> nonRetryable;

    RegisteredFunction(FunctionDescriptor descriptor, Object target, Method method, List<FunctionParameter> slots,
            List<Class<? extends Throwable>> nonRetryable) {
        this.descriptor = descriptor;
        this.target = target;
        this.method = method;
        this.slots = slots;
        this.nonRetryable = List.copyOf(nonRetryable);
    }

    FunctionDescriptor descriptor() {
        return descriptor;
    }

    /** Calls the function; the result is JSON ({@code null} for {@code void}). */
    JsonNode invoke(JsonNode args, JsonNode kwargs, TaskContext context, ObjectMapper mapper)
            throws InterruptedException {
        Object[] values = bind(args, kwargs, context, mapper);
        Object returned;
        try {
            returned = method.invoke(target, values);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        } catch (InvocationTargetException e) {
            throw failure(e.getCause());
        }
        if (returned instanceof JsonNode node) {
            return node;
        }
        return returned == null ? NullNode.getInstance() : mapper.valueToTree(returned);
    }

    private RuntimeException failure(Throwable thrown) throws InterruptedException {
        if (thrown instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (thrown instanceof TaskFailedException failed) {
            return failed;
        }
        for (Class<? extends Throwable> type : nonRetryable) {
            if (type.isInstance(thrown)) {
                TaskFault fault = TaskFault.of(thrown);
                return TaskFailedException.of(
                        new TaskFault(fault.message(), thrown.getClass().getSimpleName(), TaskFault.Retry.NOT_ALLOWED),
                        thrown);
            }
        }
        return TaskFailedException.of(TaskFault.of(thrown), thrown);
    }

    private Object[] bind(JsonNode args, JsonNode kwargs, TaskContext context, ObjectMapper mapper) {
        ArrayNode positional = asArray(args);
        ObjectNode named = asObject(kwargs);
        List<FunctionParameter> arguments = slots.stream().filter(s -> s != null).toList();
        if (positional.size() > arguments.size()) {
            throw invalid("takes " + arguments.size() + " argument(s) but " + positional.size() + " were given");
        }
        JsonNode[] bound = new JsonNode[arguments.size()];
        for (int i = 0; i < positional.size(); i++) {
            bound[i] = positional.get(i);
        }
        for (Map.Entry<String, JsonNode> entry : named.properties()) {
            int index = indexOf(arguments, entry.getKey());
            if (index < 0) {
                throw invalid("unknown argument '" + entry.getKey() + "'; it accepts " + names(arguments));
            }
            if (bound[index] != null) {
                throw invalid("got multiple values for argument '" + arguments.get(index).name() + "'");
            }
            bound[index] = entry.getValue();
        }
        Object[] values = new Object[slots.size()];
        int argument = 0;
        for (int slot = 0; slot < slots.size(); slot++) {
            FunctionParameter parameter = slots.get(slot);
            if (parameter == null) {
                values[slot] = context;
                continue;
            }
            JsonNode value = bound[argument++];
            if (value == null) {
                if (parameter.required()) {
                    throw invalid("missing required argument '" + parameter.name() + "'");
                }
                value = parameter.defaultValue();
            }
            values[slot] = convert(parameter, value, mapper);
        }
        return values;
    }

    private Object convert(FunctionParameter parameter, JsonNode value, ObjectMapper mapper) {
        Class<?> raw = parameter.type().getRawClass();
        if (JsonNode.class.isAssignableFrom(raw)) {
            if (value.isNull() && !raw.isInstance(value)) {
                return null;
            }
            if (!raw.isInstance(value)) {
                throw mismatch(parameter, value);
            }
            return value;
        }
        if (value.isNull()) {
            if (raw.isPrimitive()) {
                throw invalid("argument '" + parameter.name() + "' must not be null; expected "
                        + parameter.expected());
            }
            return null;
        }
        try {
            return mapper.treeToValue(value, parameter.type());
        } catch (Exception e) {
            throw mismatch(parameter, value);
        }
    }

    private TaskFailedException mismatch(FunctionParameter parameter, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return invalid("argument '" + parameter.name() + "' expects " + parameter.expected() + ", got " + shown);
    }

    private TaskFailedException invalid(String message) {
        return TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT, descriptor.name() + ": " + message);
    }

    private static int indexOf(List<FunctionParameter> arguments, String key) {
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).answersTo(key)) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<FunctionParameter> arguments) {
        if (arguments.isEmpty()) {
            return "no arguments";
        }
        List<String> names = new ArrayList<>();
        arguments.forEach(a -> names.add(a.name()));
        return String.join(", ", names);
    }

    private ArrayNode asArray(JsonNode args) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!args.isArray()) {
            throw invalid("args must be an array, got " + args.getNodeType().name().toLowerCase());
        }
        return (ArrayNode) args;
    }

    private ObjectNode asObject(JsonNode kwargs) {
        if (kwargs == null || kwargs.isNull() || kwargs.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!kwargs.isObject()) {
            throw invalid("kwargs must be an object, got " + kwargs.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) kwargs;
    }
}
