package io.gleitzeit.testing.redis;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Finds a Redis for the tests of a run and hands each test its own key space.
 *
 * <p>Where Redis comes from, in this order (decided once per test run, shared by every test class):
 * <ol>
 *   <li>{@code REDIS_URL} (e.g. {@code redis://127.0.0.1:6379/0}) — a shared server: tests only ever delete their own
 *       keys;</li>
 *   <li>Testcontainers ({@code redis:7.0}) when a Docker engine answers;</li>
 *   <li>{@code redis-server} on the {@code PATH} (or the binary named by {@code REDIS_SERVER_BIN}), started on a free
 *       port with {@code --bind 127.0.0.1 --save "" --appendonly no} and stopped at the end of the run;</li>
 *   <li>otherwise every {@link RedisTest} is skipped, with the reason shown.</li>
 * </ol>
 * A server older than 6.2 (no {@code XAUTOCLAIM}) counts as no server. Each test gets a {@link TestRedis} with a
 * fresh key prefix; after the test, the keys under that prefix, and only those, are deleted.
 */
public final class RedisExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            // Decided per test: Surefire counts a skipped test, but shows a skipped class as "0 tests run".
            return ConditionEvaluationResult.enabled("Redis is looked for per test");
        }
        RedisBackend backend = backend(context);
        return backend.isAvailable()
                ? ConditionEvaluationResult.enabled("Redis " + backend.description())
                : ConditionEvaluationResult.disabled("no Redis for tests: " + backend.description());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RedisBackend backend = backend(context);
        // Stored in the requesting context, so a test method and its @BeforeEach share one key space, and JUnit
        // closes it (deleting the keys) when that context ends.
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KeySpace.class, k -> new KeySpace(new TestRedis(backend)), KeySpace.class)
                .redis();
    }

    private static RedisBackend backend(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RedisBackend.class, k -> RedisBackend.select(), RedisBackend.class);
    }

    /** The store entry that cleans a test's keys when its context closes. */
    private record KeySpace(TestRedis redis) implements AutoCloseable {
        @Override
        public void close() {
            redis.cleanUp();
        }
    }
}
