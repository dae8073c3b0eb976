package io.gleitzeit.services.sql;

import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Classifies a failed statement by its SQLState (the class, its first two characters, where nothing more specific
 * applies) into an {@code error_type} and retryability, with a message that starts with the SQLState and carries no
 * URL or credentials.
 */
final class SqlFailures {
    private SqlFailures() {
    }

    static TaskFailedException of(SQLException e, String dataSource, Redactor redactor) {
        String state = sqlState(e);
        Kind kind = kind(state, e);
        String message = "SQLState " + (state == null ? "(none)" : state) + " on data source " + dataSource + ": "
                + redactor.redact(describe(e));
        return TaskFailedException.of(new TaskFault(message, kind.errorType, kind.retry), null);
    }

    /** The first SQLState in the chain: a pool's timeout wraps the driver's connection error. */
    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The message, and the cause's when it adds something (the pool's timeout says why it had no connection). */
    private static String describe(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip();
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage().strip() + ")";
        }
        return message;
    }

    private static Kind kind(String state, SQLException e) {
        if (state != null) {
            switch (state) {
                case "57014":
                    return new Kind(TaskFault.TIMEOUT, TaskFault.Retry.ALLOWED);
                case "40001":
                case "40P01":
                    return new Kind("transaction_conflict", TaskFault.Retry.ALLOWED);
                case "25006":
                    return new Kind("read_only", TaskFault.Retry.NOT_ALLOWED);
                case "42501":
                    return new Kind("permission_denied", TaskFault.Retry.NOT_ALLOWED);
                default:
                    break;
            }
            String stateClass = state.length() >= 2 ? state.substring(0, 2) : state;
            switch (stateClass) {
                case "08":
                    return new Kind("connection_error", TaskFault.Retry.ALLOWED);
                case "28":
                    return new Kind("authentication_failed", TaskFault.Retry.NOT_ALLOWED);
                case "53", "57", "58":
                    return new Kind("database_unavailable", TaskFault.Retry.ALLOWED);
                case "42":
                    return new Kind("invalid_query", TaskFault.Retry.NOT_ALLOWED);
                case "22":
                    return new Kind("invalid_data", TaskFault.Retry.NOT_ALLOWED);
                case "23":
                    return new Kind("constraint_violation", TaskFault.Retry.NOT_ALLOWED);
                default:
                    break;
            }
        }
        boolean transientFailure = e instanceof SQLTransientException || e instanceof SQLRecoverableException;
        return new Kind(transientFailure ? "connection_error" : "sql_error",
                transientFailure ? TaskFault.Retry.ALLOWED : TaskFault.Retry.NOT_ALLOWED);
    }

    private record Kind(String errorType, TaskFault.Retry retry) {
    }
}
