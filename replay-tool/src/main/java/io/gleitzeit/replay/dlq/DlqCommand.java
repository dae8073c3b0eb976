package io.gleitzeit.replay.dlq;

import io.gleitzeit.replay.cli.ReplayCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dlq list|show|redrive}: the dead letters of the partitions' scopes. */
@Command(name = "dlq", description = "Dead letters: entries a consumer group gave up on, and the workflows parked "
        + "behind them.", subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
public final class DlqCommand implements Runnable {
    @ParentCommand
    ReplayCli root;

    @Spec
    CommandSpec spec;

    ReplayCli root() {
        return root;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a dlq command is required: list, show or redrive");
    }
}
