package io.gleitzeit.testing.postgres;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one throwaway PostgreSQL cluster per test run and hands it to the tests as a {@link TestPostgres}.
 *
 * <p>The cluster is made with {@code initdb} in a temporary directory and run with {@code pg_ctl} on a free loopback
 * port (password authentication over TCP, so credentials are really checked), then stopped and deleted at the end of
 * the run. The binaries come from {@code $POSTGRES_BIN_DIR}, else the newest {@code /usr/lib/postgresql/<version>/bin}
 * (Debian's {@code postgresql} package), else the {@code PATH}. When there are none, every {@link PostgresTest} is
 * skipped with that reason; a cluster that is installed but does not start fails the tests instead. As root (where
 * PostgreSQL refuses to run) the cluster runs as the {@code postgres} user through {@code runuser}.
 */
public final class PostgresExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<PostgresBinaries> binaries = PostgresBinaries.find();
        return binaries.isPresent()
                ? ConditionEvaluationResult.enabled("PostgreSQL binaries in " + binaries.get().directory())
                : ConditionEvaluationResult.disabled("PostgreSQL is not installed: no initdb and pg_ctl in"
                        + " $POSTGRES_BIN_DIR, /usr/lib/postgresql/*/bin or on the PATH (Debian: apt-get install"
                        + " postgresql)");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresCluster.class,
                k -> PostgresCluster.start(PostgresBinaries.find().orElseThrow()), PostgresCluster.class).server();
    }
}
