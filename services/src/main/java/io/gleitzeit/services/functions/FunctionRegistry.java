package io.gleitzeit.services.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions a function service can run: the {@link GleitzeitTask} methods of the objects and classes it was
 * built from, and nothing else (there is no lookup by reflection beyond them).
 *
 * <pre>{@code
 * FunctionRegistry registry = FunctionRegistry.newBuilder()
 *         .add(BuiltinFunctions.all())
 *         .add(new MyFunctions(database))     // instance methods (and static ones) of an object
 *         .add(MoreFunctions.class)           // static methods; instance methods need a no-arg constructor
 *         .build();
 * }</pre>
 *
 * <p>Arguments arrive as JSON and are bound by Jackson to the parameter types: positional {@code args} in order,
 * {@code kwargs} by wire name or alias. A parameter's wire name is its Java name in snake_case ({@code dataType}
 * is {@code data_type}) unless {@link Param} names it. A type mismatch, a missing required argument, an unknown keyword or too
 * many arguments fail the task as not retryable, with a message naming the argument.
 */
public final class FunctionRegistry {
    private final Map<String, RegisteredFunction> byName;
    private final List<FunctionDescriptor> descriptors;
    private final ObjectMapper mapper;

    private FunctionRegistry(Map<String, RegisteredFunction> byName, List<FunctionDescriptor> descriptors,
            ObjectMapper mapper) {
        this.byName = Map.copyOf(byName);
        this.descriptors = List.copyOf(descriptors);
        this.mapper = mapper;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Every name a function answers to (canonical names and aliases), sorted. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The registered functions, sorted by name. */
    public List<FunctionDescriptor> functions() {
        return descriptors;
    }

    /** The function answering to a name or alias. */
    public Optional<FunctionDescriptor> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(RegisteredFunction::descriptor);
    }

    /**
     * Calls a function.
     *
     * @param name    a name or alias
     * @param args    positional arguments: a JSON array, or null/missing for none
     * @param kwargs  keyword arguments: a JSON object, or null/missing for none
     * @param context the running attempt, handed to functions that declare a {@link TaskContext} parameter; may be
     *                {@code null} outside a service
     * @return the result as JSON
     * @throws TaskFailedException for an unknown function, bad arguments, or what the function threw
     * @throws InterruptedException when the function was interrupted (cancelled or timed out)
     */
    public JsonNode invoke(String name, JsonNode args, JsonNode kwargs, TaskContext context)
            throws InterruptedException {
        RegisteredFunction function = byName.get(name);
        if (function == null) {
            throw TaskFailedException.nonRetryable("unknown_function", "unknown function '" + name + "'"
                    + (byName.isEmpty() ? "; none are registered" : "; registered: " + String.join(", ", names())));
        }
        return function.invoke(args, kwargs, context, mapper);
    }

    /** Collects function sources; {@link #build()} checks them all at once. */
    public static final class Builder {
        private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
                new PropertyNamingStrategies.SnakeCaseStrategy();

        private final List<Object> sources = new ArrayList<>();
        private ObjectMapper mapper = GleitzeitJson.newMapper();

        private Builder() {
        }

        /**
         * Adds the annotated methods of an object (instance and static) or of a class (static; instance methods need
         * a public no-argument constructor).
         */
        public Builder add(Object source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds several sources. */
        public Builder add(List<?> sources) {
            sources.forEach(this::add);
            return this;
        }

        /** The mapper for arguments and results; Gleitzeit's conventions (snake_case) by default. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Builds the registry.
         *
         * @throws IllegalArgumentException when a name is taken twice, a method cannot be called, a default value is
         *                                  not valid JSON for its parameter, or a class cannot be instantiated
         */
        public FunctionRegistry build() {
            // Arguments are bound strictly: 2.5 is not an int and null is not a number.
            ObjectMapper binding = mapper.copy()
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
            Map<String, RegisteredFunction> byName = new LinkedHashMap<>();
            List<FunctionDescriptor> descriptors = new ArrayList<>();
            for (Object source : sources) {
                for (RegisteredFunction function : discover(source, binding)) {
                    FunctionDescriptor d = function.descriptor();
                    List<String> names = new ArrayList<>(d.aliases());
                    names.add(0, d.name());
                    for (String name : names) {
                        RegisteredFunction previous = byName.putIfAbsent(name, function);
                        if (previous != null) {
                            throw new IllegalArgumentException("function name '" + name + "' is taken twice: by "
                                    + previous.descriptor().name() + " and by " + d.name());
                        }
                    }
                    descriptors.add(d);
                }
            }
            descriptors.sort(Comparator.comparing(FunctionDescriptor::name));
            return new FunctionRegistry(byName, descriptors, binding);
        }

        private static List<RegisteredFunction> discover(Object source, ObjectMapper mapper) {
            Class<?> type = source instanceof Class<?> c ? c : source.getClass();
            Object instance = source instanceof Class<?> ? null : source;
            List<RegisteredFunction> found = new ArrayList<>();
            Method[] methods = type.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method method : methods) {
                GleitzeitTask task = method.getAnnotation(GleitzeitTask.class);
                if (task == null) {
                    continue;
                }
                Object target = null;
                if (!Modifier.isStatic(method.getModifiers())) {
                    if (instance == null) {
                        instance = instantiate(type);
                    }
                    target = instance;
                }
                found.add(describe(method, task, target, mapper));
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException(type.getName() + " has no public @GleitzeitTask methods");
            }
            return found;
        }

        private static RegisteredFunction describe(Method method, GleitzeitTask task, Object target,
                ObjectMapper mapper) {
            String name = task.name().isBlank() ? method.getName() : task.name();
            String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            List<FunctionParameter> slots = new ArrayList<>();
            List<FunctionParameter> arguments = new ArrayList<>();
            for (Parameter parameter : method.getParameters()) {
                if (parameter.getType() == TaskContext.class) {
                    slots.add(null);
                    continue;
                }
                FunctionParameter p = parameter(parameter, where, mapper);
                slots.add(p);
                arguments.add(p);
            }
            if (task.timeout() < 0) {
                throw new IllegalArgumentException(where + ": timeout must not be negative");
            }
            Duration timeout = task.timeout() == 0 ? null : Duration.ofNanos((long) (task.timeout() * 1e9));
            var descriptor = new FunctionDescriptor(name, Arrays.asList(task.aliases()), task.category(),
                    task.description(), arguments, timeout);
            return new RegisteredFunction(descriptor, target, method, slots, Arrays.asList(task.nonRetryable()));
        }

        private static FunctionParameter parameter(Parameter parameter, String where, ObjectMapper mapper) {
            Param param = parameter.getAnnotation(Param.class);
            if ((param == null || param.value().isBlank()) && !parameter.isNamePresent()) {
                throw new IllegalArgumentException(where + ": parameter names are not compiled in; compile with "
                        + "-parameters or name each parameter with @Param");
            }
            List<String> aliases = new ArrayList<>(param == null ? List.of() : Arrays.asList(param.aliases()));
            String name;
            if (param != null && !param.value().isBlank()) {
                name = param.value();
            } else {
                // Callers write Python-style kwargs: dataType is sent as data_type (the Java name is accepted too).
                name = SNAKE_CASE.translate(parameter.getName());
                if (!name.equals(parameter.getName())) {
                    aliases.add(parameter.getName());
                }
            }
            JavaType type = mapper.constructType(parameter.getParameterizedType());
            JsonNode defaultValue = null;
            if (param != null && !Param.REQUIRED.equals(param.defaultValue())) {
                try {
                    defaultValue = mapper.readTree(param.defaultValue());
                    if (!defaultValue.isNull() && !JsonNode.class.isAssignableFrom(type.getRawClass())) {
                        mapper.treeToValue(defaultValue, type);
                    }
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": the default of '" + name + "' is not valid for "
                            + type + ": " + param.defaultValue(), e);
                }
                if (defaultValue.isNull() && type.isPrimitive()) {
                    throw new IllegalArgumentException(where + ": the default of '" + name
                            + "' cannot be null for a primitive");
                }
            }
            return new FunctionParameter(name, aliases, type, defaultValue);
        }

        private static Object instantiate(Class<?> type) {
            try {
                Constructor<?> constructor = type.getConstructor();
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(type.getName() + " has instance @GleitzeitTask methods but no "
                        + "public no-argument constructor; register an instance instead", e);
            }
        }
    }
}
