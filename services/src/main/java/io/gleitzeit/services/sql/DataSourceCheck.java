package io.gleitzeit.services.sql;

import java.util.Optional;

/**
 * Whether a data source answered: the result of {@link SqlService#check()}, for operators.
 *
 * @param name     the data source
 * @param readOnly whether it is configured read-only
 * @param problem  empty when a connection was made and is valid, else the failure (SQLState first, no credentials)
 */
public record DataSourceCheck(String name, boolean readOnly, Optional<String> problem) {
    public boolean ok() {
        return problem.isEmpty();
    }
}
