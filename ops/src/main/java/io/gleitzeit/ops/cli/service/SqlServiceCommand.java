package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.sql.DataSourceCheck;
import io.gleitzeit.services.sql.DataSourceConfig;
import io.gleitzeit.services.sql.DataSourceEnvironment;
import io.gleitzeit.services.sql.DataSourceFile;
import io.gleitzeit.services.sql.SqlService;
import io.gleitzeit.services.sql.SqlServiceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gleitzeit service sql}: the SQL service on the data sources given by a file, the environment and flags.
 * Passwords come from the file, an environment variable or a file, never from a flag's value (which {@code ps} shows).
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run the SQL service: tasks of type 'sql' (database_operations) run one",
            "parameterized statement on a named data source configured here; workflows never",
            "see URLs or credentials (docs/services.md). Data sources come from --datasources-file,",
            "from GLEITZEIT_SQL_<NAME>_URL (+ _USER, _PASSWORD, _READ_ONLY, _POOL_SIZE) variables,",
            "and from --datasource flags, all together.",
            "",
            "Example: REPORTS_PW=... gleitzeit service sql --datasource reports=jdbc:postgresql://db/reports \\",
            "           --datasource-user reports=reader --datasource-password-env reports=REPORTS_PW --read-only reports"})
public final class SqlServiceCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "sql";
    static final int DEFAULT_MAX_CONCURRENT = DataSourceConfig.DEFAULT_MAX_POOL_SIZE;
    /** The data sources file when {@code --datasources-file} is not given. */
    static final String FILE_ENV = "GLEITZEIT_SQL_DATASOURCES_FILE";

    @Mixin
    ServiceConnection connection;

    @Option(names = "--datasources-file", paramLabel = "FILE",
            description = "A JSON file of data sources (env " + FILE_ENV + "; format in docs/services.md).")
    Path file;

    @Option(names = "--datasource", paramLabel = "NAME=JDBC_URL", description = "A data source; repeatable.")
    Map<String, String> urls = new LinkedHashMap<>();

    @Option(names = "--datasource-user", paramLabel = "NAME=USER", description = "The login of a --datasource.")
    Map<String, String> users = new LinkedHashMap<>();

    @Option(names = "--datasource-password-env", paramLabel = "NAME=VARIABLE",
            description = "The environment variable holding a --datasource's password.")
    Map<String, String> passwordVariables = new LinkedHashMap<>();

    @Option(names = "--datasource-password-file", paramLabel = "NAME=FILE",
            description = "A file holding a --datasource's password (trailing line break ignored).")
    Map<String, Path> passwordFiles = new LinkedHashMap<>();

    @Option(names = "--read-only", paramLabel = "NAME", split = ",",
            description = "Run this data source's tasks in read-only transactions (any source); repeatable.")
    List<String> readOnly = new ArrayList<>();

    @Option(names = "--default-datasource", paramLabel = "NAME",
            description = "For tasks that name none (default: the only data source, if there is one).")
    String defaultDataSource;

    @Option(names = "--max-rows", paramLabel = "N", description = "Rows returned at most (default: 1000).")
    int maxRows = SqlServiceOptions.DEFAULT_MAX_ROWS;

    @Option(names = "--statement-timeout", paramLabel = "SECONDS",
            description = "One statement at most, whole seconds (default: 30).")
    double statementTimeout = SqlServiceOptions.DEFAULT_STATEMENT_TIMEOUT.toSeconds();

    @Option(names = "--connection-timeout", paramLabel = "SECONDS",
            description = "Waiting for a pooled connection at most (default: 10).")
    double connectionTimeout = SqlServiceOptions.DEFAULT_CONNECTION_TIMEOUT.toSeconds();

    @Option(names = "--check", description = "Connect to every data source, say which answer, and exit (1 if one"
            + " does not).")
    boolean check;

    @Spec
    CommandSpec spec;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SqlServiceOptions options = options();
        try (SqlService service = SqlService.start(options)) {
            if (check) {
                boolean allOk = true;
                for (DataSourceCheck result : service.check()) {
                    allOk &= result.ok();
                    out.printf("%s: %s%n", result.name(), result.ok() ? "ok" + (result.readOnly() ? " (read-only)" : "")
                            : "FAILED: " + result.problem().orElseThrow());
                }
                out.flush();
                return allOk ? 0 : 1;
            }
            out.printf("data sources: %s%n", String.join(", ", options.dataSources().values().stream()
                    .map(d -> d.name() + (d.readOnly() ? " (read-only)" : "")).toList()));
            return ServiceRun.untilStopped(service.newClient(connection.toOptions(DEFAULT_NAME,
                    DEFAULT_MAX_CONCURRENT)), out);
        }
    }

    /** The service options from the file, the environment and the flags; errors name the option or variable. */
    SqlServiceOptions options() {
        SqlServiceOptions.Builder builder = SqlServiceOptions.newBuilder();
        List<DataSourceConfig> all = new ArrayList<>();
        String fileDefault = null;
        Path dataSourcesFile = file != null ? file : pathFromEnvironment();
        if (dataSourcesFile != null) {
            DataSourceFile read = DataSourceFile.read(dataSourcesFile, environment);
            all.addAll(read.dataSources());
            fileDefault = read.defaultDataSource();
        }
        all.addAll(DataSourceEnvironment.read(environment));
        all.addAll(fromFlags());
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no data source: give --datasource NAME=JDBC_URL, --datasources-file"
                    + " FILE or GLEITZEIT_SQL_<NAME>_URL");
        }
        Set<String> unknownReadOnly = new TreeSet<>(readOnly);
        for (DataSourceConfig config : all) {
            boolean makeReadOnly = unknownReadOnly.remove(config.name());
            builder.dataSource(makeReadOnly ? config.withReadOnly(true) : config);
        }
        if (!unknownReadOnly.isEmpty()) {
            throw new IllegalArgumentException("--read-only: no data source named " + String.join(", ",
                    unknownReadOnly));
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("--max-rows must be at least 1, was " + maxRows);
        }
        try {
            return builder.defaultDataSource(defaultDataSource != null ? defaultDataSource : fileDefault)
                    .maxRows(maxRows)
                    .statementTimeout(Seconds.positive("--statement-timeout", statementTimeout))
                    .connectionTimeout(Seconds.positive("--connection-timeout", connectionTimeout)).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("defaultDataSource", "--default-datasource")
                    .replace("statementTimeout", "--statement-timeout")
                    .replace("connectionTimeout", "--connection-timeout"), e);
        }
    }

    private Path pathFromEnvironment() {
        String value = environment.get(FILE_ENV);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private List<DataSourceConfig> fromFlags() {
        for (Map.Entry<String, ? extends Map<String, ?>> companion : Map.of("--datasource-user", users,
                "--datasource-password-env", passwordVariables, "--datasource-password-file", passwordFiles)
                .entrySet()) {
            for (String name : companion.getValue().keySet()) {
                if (!urls.containsKey(name)) {
                    throw new IllegalArgumentException(companion.getKey() + ": no --datasource named " + name);
                }
            }
        }
        List<DataSourceConfig> configs = new ArrayList<>();
        for (Map.Entry<String, String> url : urls.entrySet()) {
            String name = url.getKey();
            if (passwordVariables.containsKey(name) && passwordFiles.containsKey(name)) {
                throw new IllegalArgumentException("data source " + name + ": give --datasource-password-env or"
                        + " --datasource-password-file, not both");
            }
            String password = password(name);
            try {
                configs.add(DataSourceConfig.of(name, url.getValue(), users.get(name), password));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--datasource: " + e.getMessage(), e);
            }
        }
        return configs;
    }

    private String password(String name) {
        String variable = passwordVariables.get(name);
        if (variable != null) {
            String value = environment.get(variable);
            if (value == null) {
                throw new IllegalArgumentException("--datasource-password-env: the environment variable " + variable
                        + " (for " + name + ") is not set");
            }
            return value;
        }
        Path passwordFile = passwordFiles.get(name);
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new IllegalArgumentException("--datasource-password-file: cannot read " + passwordFile
                        + " (for " + name + ")", e);
            }
        }
        return null;
    }
}
