package io.gleitzeit.log;

import io.gleitzeit.command.CommandEnvelope;
import java.util.concurrent.CompletionStage;

/** Puts commands on the command stream of the workflow's partition (one XADD), for the decider to act on. */
public interface CommandSender {

    /** Sends a command; completes with its position in the partition's command stream. */
    CompletionStage<StreamPosition> send(CommandEnvelope command);
}
