package io.gleitzeit.replay.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.log.redis.DeadLetter;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dlq show ENTRY}: one dead letter in full, found by its id or its original entry's id. */
@Command(name = "show", description = "Show one dead letter in full: where it came from, why it was parked, its "
        + "original fields (decoded), and what waits behind it.")
public final class DlqShowCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;

    @Parameters(index = "0", paramLabel = "ENTRY", description = "the dead letter's id, or its original entry's id")
    String entry;

    @Override
    public Integer call() {
        ReplayCli root = dlq.root();
        try (LogSession session = root.log().open()) {
            List<DeadLetterIndex.Located> found = new DeadLetterIndex(session).all().stream()
                    .filter(l -> l.letter().position().redisId().equals(entry)
                            || l.letter().entryId().redisId().equals(entry))
                    .toList();
            if (found.isEmpty()) {
                throw new CommandFailure("no dead letter " + entry + " in any partition");
            }
            for (DeadLetterIndex.Located l : found) {
                show(l, session, root.out());
            }
            return 0;
        }
    }

    private static void show(DeadLetterIndex.Located l, LogSession session, PrintWriter out) {
        DeadLetter d = l.letter();
        KeyLayout keys = session.keys();
        out.println("dead letter  " + d.position().redisId() + " in " + keys.deadLetters(d.stream()));
        out.println("stream       " + d.stream());
        out.println("entry        " + d.entryId().redisId());
        out.println("group        " + d.group() + " (consumer " + d.consumer() + ")");
        out.println("deliveries   " + d.deliveries());
        out.println("parked at    " + d.parkedAt());
        out.println("reason       " + d.reason());
        d.workflowId().ifPresent(wf -> {
            String mark = session.redis().hget(keys.parked(d.stream()), keys.parkedField(d.stream(), d.group(), wf));
            long held = session.redis().xlen(keys.held(d.stream(), d.group(), wf));
            out.println("workflow     " + wf + (d.position().redisId().equals(mark) ? " (parked behind this letter"
                    : " (not parked behind this letter") + ", " + held + " entries held)");
        });
        out.println("fields");
        ObjectMapper mapper = session.codec().mapper();
        for (Map.Entry<String, String> f : new TreeMap<>(d.fields()).entrySet()) {
            out.println("  " + f.getKey() + ": " + pretty(mapper, f.getValue()).replace("\n", "\n    "));
        }
    }

    /** JSON fields (a command, events) indented for reading; anything else as it is. */
    private static String pretty(ObjectMapper mapper, String value) {
        String trimmed = value.trim();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return value;
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(trimmed));
        } catch (JsonProcessingException e) {
            return value;
        }
    }
}
