package io.gleitzeit.ops.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration model of the Gleitzeit processes ({@code orchestrator}, {@code up}, {@code service ...}) as
 * picocli's default values: an option not given on the command line takes its environment variable, else its key in
 * the configuration file, else its built-in default. So flags win over the environment, which wins over the file.
 * The file is checked against the command model when a command first asks; an error names the key and ends the run
 * as a usage error (status 2) before anything starts.
 */
public final class LayeredDefaults implements IDefaultValueProvider {
    private final Optional<ConfigFile> file;
    private final Map<String, String> environment;
    private final Set<CommandSpec> checked = new HashSet<>();

    /**
     * @param file        the configuration file, if any
     * @param environment the process environment (a map, so tests need not change the real one)
     */
    public LayeredDefaults(Optional<ConfigFile> file, Map<String, String> environment) {
        this.file = Objects.requireNonNull(file, "file");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || argument.command() == null
                || !ConfigKeys.configurable(argument.command())) {
            return null;
        }
        Optional<String> key = ConfigKeys.key(option);
        if (key.isEmpty()) {
            return null;
        }
        CommandSpec command = argument.command();
        check(command);
        return resolve(command, key.get()).map(Resolved::value).orElse(null);
    }

    /** Where {@code key} of {@code command} gets its value from, when the environment or the file sets it. */
    public Optional<Resolved> resolve(CommandSpec command, String key) {
        for (String name : ConfigKeys.envNames(command, key)) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Resolved(value, "env " + name));
            }
        }
        if (file.isPresent()) {
            for (String fileKey : ConfigKeys.fileKeys(command, key)) {
                String value = file.get().entries().get(fileKey);
                if (value != null) {
                    return Optional.of(new Resolved(value, "file " + fileKey));
                }
            }
        }
        return Optional.empty();
    }

    private void check(CommandSpec command) {
        if (file.isEmpty() || !checked.add(command)) {
            return;
        }
        CommandSpec root = command;
        while (root.parent() != null) {
            root = root.parent();
        }
        List<String> errors = new ConfigValidator(root.commandLine()).errors(file.get());
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(command.commandLine(), "config file " + file.get().path()
                    + ": " + String.join("; ", errors));
        }
    }

    /**
     * A value from the environment or the file.
     *
     * @param value  the value
     * @param source {@code env NAME} or {@code file KEY}
     */
    public record Resolved(String value, String source) {
    }
}
