package io.gleitzeit.ops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code gleitzeit} command line in the test's JVM: its exit status and what it printed.
 *
 * @param exit the exit status ({@code 2} for usage errors)
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cli = GleitzeitCli.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }
}
