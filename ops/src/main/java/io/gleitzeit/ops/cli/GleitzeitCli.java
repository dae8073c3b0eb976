package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.cli.client.CancelCommand;
import io.gleitzeit.ops.cli.client.ListCommand;
import io.gleitzeit.ops.cli.client.StatusCommand;
import io.gleitzeit.ops.cli.client.SubmitCommand;
import io.gleitzeit.ops.cli.service.ServiceCommand;
import io.gleitzeit.ops.config.ConfigCommand;
import io.gleitzeit.ops.config.ConfigFile;
import io.gleitzeit.ops.config.ConfigKeys;
import io.gleitzeit.ops.config.LayeredDefaults;
import io.gleitzeit.ops.monitor.MonitorCommand;
import io.gleitzeit.replay.cli.ReplayCli;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gleitzeit} command: every Gleitzeit process and tool behind one launcher.
 */
@Command(name = "gleitzeit",
        mixinStandardHelpOptions = true,
        versionProvider = GleitzeitCli.Version.class,
        description = {
            "Gleitzeit: an event-sourced workflow orchestrator for LLM and function tasks.",
            "New here? `gleitzeit demo` runs an example end to end; `gleitzeit up` runs everything on this machine,",
            "then `gleitzeit submit FILE --follow` sends a workflow (docs/cli.md).",
            "",
            "Redis is taken from --redis or GLEITZEIT_REDIS_URL; when neither is set, a local redis-server",
            "is started for you (data under ./.gleitzeit/redis)."},
        subcommands = {UpCommand.class, DemoCommand.class, OrchestratorCommand.class, ServiceCommand.class,
            SubmitCommand.class, StatusCommand.class, CancelCommand.class, ListCommand.class, MonitorCommand.class,
            BenchCommand.class, SoakCommand.class, TokenCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class GleitzeitCli {
    private static final int USAGE_WIDTH = 110;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line, configuration file from {@value ConfigKeys#CONFIG_ENV} only. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: the configuration file is {@code --config FILE} among them, else
     * {@value ConfigKeys#CONFIG_ENV}. A file that cannot be read makes every configurable command fail with a usage
     * error naming it.
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(System.getenv(), args);
    }

    /** {@link #commandLine(String...)} with the environment given (tests). */
    public static CommandLine commandLine(Map<String, String> environment, String... args) {
        CommandLine cli = base();
        String path = configPath(args);
        if (path == null) {
            path = environment.get(ConfigKeys.CONFIG_ENV);
        }
        Optional<ConfigFile> file = Optional.empty();
        RuntimeException problem = null;
        if (path != null && !path.isBlank()) {
            try {
                file = Optional.of(ConfigFile.load(Path.of(path)));
            } catch (IllegalArgumentException e) {
                problem = e;
            }
        }
        LayeredDefaults layers = new LayeredDefaults(file, environment);
        RuntimeException unreadable = problem;
        cli.setDefaultValueProvider(argument -> {
            if (unreadable != null && argument.command() != null && ConfigKeys.configurable(argument.command())) {
                throw new CommandLine.ParameterException(argument.command().commandLine(), unreadable.getMessage());
            }
            return layers.defaultValue(argument);
        });
        return cli;
    }

    /** The value of {@code --config FILE} / {@code --config=FILE} in {@code args}, or {@code null}. */
    private static String configPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                return null;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    private static CommandLine base() {
        return new CommandLine(new GleitzeitCli())
                .addSubcommand("replay", new CommandLine(new ReplayCli()))
                // Descriptions are written for lines of up to 110 characters; set last, so every subcommand has it.
                .setUsageHelpWidth(USAGE_WIDTH)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, cli, parsed) -> {
                    // A clear line for the user; the stack trace only when asked for.
                    cli.getErr().println("gleitzeit " + cli.getCommandName() + ": " + error.getMessage());
                    if (System.getenv("GLEITZEIT_DEBUG") != null) {
                        error.printStackTrace(cli.getErr());
                    }
                    cli.getErr().flush();
                    return error instanceof IllegalArgumentException ? 2 : 1;
                });
    }

    /** Reads the version from the jar manifest, or says it runs from sources. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GleitzeitCli.class.getPackage().getImplementationVersion();
            return new String[] {"gleitzeit " + (v != null ? v : "(development build)")};
        }
    }
}
