package io.gleitzeit.replay.cli;

import io.gleitzeit.replay.audit.VerifyCommand;
import io.gleitzeit.replay.bench.BenchFoldCommand;
import io.gleitzeit.replay.dlq.DlqCommand;
import io.gleitzeit.replay.export.ExportCommand;
import io.gleitzeit.replay.export.ImportCommand;
import io.gleitzeit.replay.state.StateCommand;
import io.gleitzeit.replay.rebuild.RebuildCommand;
import io.gleitzeit.replay.stats.StatsCommand;
import io.gleitzeit.replay.timeline.TimelineCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The replay tool: debugging and auditing from the streams alone. Every command reads the log's streams (see
 * {@code docs/events.md}); only {@code import} and {@code dlq redrive} write, and they print what they change.
 * Exit codes: {@link ExitCode}.
 */
@Command(name = "gleitzeit-replay", mixinStandardHelpOptions = true, version = "gleitzeit-replay 0.1.0",
        description = "Timeline, state at any point, audit, export/import and dead letters of a Gleitzeit log.",
        subcommands = {TimelineCommand.class, StateCommand.class, VerifyCommand.class, ExportCommand.class,
                ImportCommand.class, DlqCommand.class, StatsCommand.class, RebuildCommand.class, BenchFoldCommand.class})
public final class ReplayCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    /** Where the log is. */
    public LogOptions log() {
        return log;
    }

    /** Standard output of this run. */
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error of this run. */
    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** A command line ready to execute, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ReplayCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("error: " + e.getMessage());
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            w.flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            w.println("error: " + (e instanceof CommandFailure ? e.getMessage() : describe(e)));
            w.flush();
            return ExitCode.FAILURE;
        });
        return cli;
    }

    /** Runs the tool with {@code args}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
