package io.gleitzeit.services.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FunctionRegistryTest {
    private final ObjectMapper json = new ObjectMapper();

    /** Functions written for these tests. */
    public static final class Sample {
        @GleitzeitTask(name = "add", aliases = "plus", category = "math", description = "a + b", timeout = 2.5)
        public static long add(long a, long b) {
            return a + b;
        }

        @GleitzeitTask(name = "greet")
        public static String greet(@Param(value = "name", aliases = "who") String name,
                @Param(defaultValue = "\"Hello\"") String greeting) {
            return greeting + ", " + name;
        }

        @GleitzeitTask(name = "mean")
        public static double mean(List<Double> numbers) {
            return numbers.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        @GleitzeitTask(name = "shape")
        public static Shape shape(int width, int height) {
            return new Shape(width, height, width * height);
        }

        @GleitzeitTask(name = "which_attempt")
        public static int whichAttempt(TaskContext context) {
            return context == null ? 0 : context.attempt();
        }

        @GleitzeitTask(name = "explode")
        public static void explode(String kind) {
            if (kind.equals("bad")) {
                throw new IllegalArgumentException("kind must not be bad");
            }
            if (kind.equals("declared")) {
                throw new UnsupportedOperationException("never works");
            }
            throw new IllegalStateException("try later");
        }

        @GleitzeitTask(name = "declared", nonRetryable = UnsupportedOperationException.class)
        public static void declared() {
            throw new UnsupportedOperationException("not supported here");
        }

        public static int notAFunction(int x) {
            return x;
        }
    }

    /** A result record: written with snake_case keys. */
    public record Shape(int width, int height, int surfaceArea) {
    }

    /** Instance functions keep their object's state. */
    public static final class Counter {
        private int calls;

        @GleitzeitTask(name = "count")
        public int count() {
            return ++calls;
        }
    }

    private final FunctionRegistry registry = FunctionRegistry.newBuilder().add(Sample.class).build();

    private JsonNode call(FunctionRegistry r, String name, String args, String kwargs) throws Exception {
        return r.invoke(name, args == null ? null : json.readTree(args), kwargs == null ? null : json.readTree(kwargs),
                null);
    }

    private JsonNode call(String name, String args, String kwargs) throws Exception {
        return call(registry, name, args, kwargs);
    }

    private TaskFailedException failure(String name, String args, String kwargs) {
        return catchThrowableOfType(TaskFailedException.class, () -> call(name, args, kwargs));
    }

    @Nested
    class Discovery {
        @Test
        void onlyAnnotatedMethodsAreRegisteredUnderTheirNamesAndAliases() {
            assertThat(registry.names()).containsExactly("add", "declared", "explode", "greet", "mean", "plus",
                    "shape", "which_attempt");
        }

        @Test
        void aDescriptorListsArgumentsCategoryAndTimeout() {
            FunctionDescriptor add = registry.find("plus").orElseThrow();

            assertThat(add.name()).isEqualTo("add");
            assertThat(add.category()).isEqualTo("math");
            assertThat(add.timeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(add.parameters()).extracting(FunctionParameter::name).containsExactly("a", "b");
            assertThat(add.parameters().get(0).expected()).isEqualTo("an integer");
        }

        @Test
        void theContextIsNotAnArgument() {
            assertThat(registry.find("which_attempt").orElseThrow().parameters()).isEmpty();
        }

        @Test
        void instanceMethodsRunOnTheGivenObject() throws Exception {
            FunctionRegistry withCounter = FunctionRegistry.newBuilder().add(new Counter()).build();

            call(withCounter, "count", null, null);

            assertThat(call(withCounter, "count", null, null).asInt()).isEqualTo(2);
        }

        @Test
        void aNameTakenTwiceIsRefused() {
            assertThatThrownBy(() -> FunctionRegistry.newBuilder().add(Sample.class).add(Sample.class).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("function name 'add' is taken twice");
        }

        @Test
        void aSourceWithoutFunctionsIsRefused() {
            assertThatThrownBy(() -> FunctionRegistry.newBuilder().add("just a string").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no public @GleitzeitTask methods");
        }
    }

    @Nested
    class Binding {
        @Test
        void positionalArgumentsBindInOrder() throws Exception {
            assertThat(call("add", "[2, 3]", null).asLong()).isEqualTo(5);
        }

        @Test
        void keywordArgumentsBindByNameOrAlias() throws Exception {
            assertThat(call("add", null, "{\"b\": 3, \"a\": 2}").asLong()).isEqualTo(5);
            assertThat(call("greet", null, "{\"who\": \"Ada\"}").asText()).isEqualTo("Hello, Ada");
        }

        @Test
        void positionalAndKeywordArgumentsMix() throws Exception {
            assertThat(call("greet", "[\"Ada\"]", "{\"greeting\": \"Hi\"}").asText()).isEqualTo("Hi, Ada");
        }

        @Test
        void anOmittedArgumentTakesItsDefault() throws Exception {
            assertThat(call("greet", "[\"Ada\"]", "{}").asText()).isEqualTo("Hello, Ada");
        }

        @Test
        void genericCollectionsAreBound() throws Exception {
            assertThat(call("mean", "[[1, 2, 3.5, \"4.5\"]]", null).asDouble()).isEqualTo(2.75);
        }

        @Test
        void recordResultsAreWrittenWithSnakeCaseKeys() throws Exception {
            assertThat(call("shape", "[2, 3]", null))
                    .isEqualTo(json.readTree("{\"width\": 2, \"height\": 3, \"surface_area\": 6}"));
        }

        @Test
        void withoutAServiceTheContextIsNull() throws Exception {
            assertThat(call("which_attempt", null, null).asInt()).isZero();
        }
    }

    @Nested
    class BadArguments {
        @Test
        void aMissingRequiredArgumentIsNamed() {
            TaskFailedException e = failure("add", "[1]", null);

            assertThat(e.fault().retryable()).isFalse();
            assertThat(e.fault().errorType()).isEqualTo("invalid_argument");
            assertThat(e).hasMessage("add: missing required argument 'b'");
        }

        @Test
        void aTypeMismatchNamesTheArgumentAndTheExpectedType() {
            assertThat(failure("add", "[\"two\", 3]", null))
                    .hasMessage("add: argument 'a' expects an integer, got \"two\"");
        }

        @Test
        void aFractionIsNotAnInteger() {
            assertThat(failure("add", "[2.5, 3]", null)).hasMessage("add: argument 'a' expects an integer, got 2.5");
        }

        @Test
        void nullIsNotANumber() {
            assertThat(failure("add", "[null, 3]", null))
                    .hasMessage("add: argument 'a' must not be null; expected an integer");
        }

        @Test
        void anUnknownKeywordIsRefusedListingTheAcceptedOnes() {
            assertThat(failure("add", null, "{\"a\": 1, \"b\": 2, \"c\": 3}"))
                    .hasMessage("add: unknown argument 'c'; it accepts a, b");
        }

        @Test
        void tooManyPositionalArgumentsAreRefused() {
            assertThat(failure("add", "[1, 2, 3]", null)).hasMessage("add: takes 2 argument(s) but 3 were given");
        }

        @Test
        void anArgumentGivenTwiceIsRefused() {
            assertThat(failure("add", "[1, 2]", "{\"a\": 5}"))
                    .hasMessage("add: got multiple values for argument 'a'");
        }

        @Test
        void argsMustBeAnArrayAndKwargsAnObject() {
            assertThat(failure("add", "{\"a\": 1}", null)).hasMessage("add: args must be an array, got object");
            assertThat(failure("add", null, "[1, 2]")).hasMessage("add: kwargs must be an object, got array");
        }

        @Test
        void anUnknownFunctionIsNotRetryable() {
            TaskFailedException e = failure("rm_rf", "[]", null);

            assertThat(e.fault().retryable()).isFalse();
            assertThat(e.fault().errorType()).isEqualTo("unknown_function");
            assertThat(e).hasMessageContaining("unknown function 'rm_rf'");
        }
    }

    @Nested
    class Exceptions {
        @Test
        void illegalArgumentIsNotRetryable() {
            TaskFailedException e = failure("explode", "[\"bad\"]", null);

            assertThat(e.fault().retryable()).isFalse();
            assertThat(e.fault().message()).isEqualTo("kind must not be bad");
        }

        @Test
        void otherExceptionsAreRetryable() {
            TaskFailedException e = failure("explode", "[\"transient\"]", null);

            assertThat(e.fault().retryable()).isTrue();
            assertThat(e.fault().errorType()).isEqualTo("IllegalStateException");
        }

        @Test
        void exceptionsDeclaredNonRetryableAreNot() {
            TaskFailedException e = failure("declared", null, null);

            assertThat(e.fault().retryable()).isFalse();
            assertThat(e.fault().errorType()).isEqualTo("UnsupportedOperationException");
        }
    }

    @Test
    void aDefaultThatIsNotValidForItsTypeIsRefusedAtRegistration() {
        assertThatThrownBy(() -> FunctionRegistry.newBuilder().add(BadDefault.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the default of 'n' is not valid");
    }

    /** A function whose default does not fit its parameter. */
    public static final class BadDefault {
        @GleitzeitTask(name = "bad_default")
        public static int badDefault(@Param(defaultValue = "\"ten\"") int n) {
            return n;
        }
    }
}
