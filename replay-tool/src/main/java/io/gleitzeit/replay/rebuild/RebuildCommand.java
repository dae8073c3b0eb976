package io.gleitzeit.replay.rebuild;

import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.projections.ProjectionRebuild;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.RebuildResult;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code rebuild MODEL|--all}: builds a read model again from the start of the streams into a fresh generation and
 * swaps it in atomically once it has caught up with the live one; a running projector carries on in the new
 * generation. The cluster keeps running. This command writes: it says what it replaced.
 */
@Command(name = "rebuild", description = {"Rebuild a read model (projection) from the streams into fresh keys and",
    "swap it in atomically, without stopping the cluster. Writes: prints the generation it replaced."})
public final class RebuildCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCli root;

    @Parameters(paramLabel = "MODEL", arity = "1..*",
            description = "Read models to rebuild (registry, load, workflows), or 'all'.")
    List<String> models;

    @Override
    public Integer call() {
        List<ReadModel> known = MonitoringModels.all();
        List<ReadModel> chosen = models.contains("all") ? known : models.stream().map(name -> known.stream()
                .filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new CommandFailure("unknown read model '" + name + "'; known: "
                        + known.stream().map(ReadModel::name).collect(Collectors.joining(", ")) + ", all")))
                .toList();
        PrintWriter out = root.out();
        try (LogSession session = root.log().open()) {
            ProjectionRebuild rebuild = new ProjectionRebuild(session.connector(), session.keys(),
                    new EntryDecoder(session.codec()), ProjectorOptions.newBuilder().build());
            for (ReadModel model : chosen) {
                RebuildResult r = rebuild.rebuild(model);
                out.printf("rebuilt %s: generation %d from %d stream entries in %d round(s)%s%n", r.model(),
                        r.generation(), r.entries(), r.rounds(), r.replaced().isPresent()
                                ? ", replacing generation " + r.replaced().getAsLong() : " (it had none)");
            }
        }
        return 0;
    }
}
