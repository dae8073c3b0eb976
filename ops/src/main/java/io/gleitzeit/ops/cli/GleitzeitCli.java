package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.cli.client.CancelCommand;
import io.gleitzeit.ops.cli.client.ListCommand;
import io.gleitzeit.ops.cli.client.StatusCommand;
import io.gleitzeit.ops.cli.client.SubmitCommand;
import io.gleitzeit.ops.cli.service.ServiceCommand;
import io.gleitzeit.ops.monitor.MonitorCommand;
import io.gleitzeit.replay.cli.ReplayCli;
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
            "",
            "Redis is taken from --redis or GLEITZEIT_REDIS_URL; when neither is set, a local redis-server",
            "is started for you (data under ./.gleitzeit/redis)."},
        subcommands = {UpCommand.class, DemoCommand.class, OrchestratorCommand.class, ServiceCommand.class,
            SubmitCommand.class, StatusCommand.class, CancelCommand.class, ListCommand.class, MonitorCommand.class,
            BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class GleitzeitCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new GleitzeitCli())
                .addSubcommand("replay", new CommandLine(new ReplayCli()))
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
