package io.gleitzeit.replay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.DeadLetter;
import io.gleitzeit.log.redis.DeadLetters;
import io.gleitzeit.log.redis.KeyLayout;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Audits the dead letters of one partition's scope: every dead letter names a stream of its scope, an entry that
 * exists there (or was trimmed since), and a workflow that exists (a parked submission aside, whose workflow never
 * came to be); its workflow is marked parked, and the mark points at it; every mark points at a listed dead letter.
 */
public final class DeadLetterAudit {
    private final RedisLink connection;
    private final KeyLayout keys;
    private final ObjectMapper mapper;

    public DeadLetterAudit(RedisLink connection, KeyLayout keys, ObjectMapper mapper) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** What the audit of a scope's dead letters found. */
    public record Result(int deadLetters, int marks, List<Violation> violations) {
        public Result {
            violations = List.copyOf(violations);
        }
    }

    /**
     * Audits the dead letters and parked marks of {@code partition}; with {@code workflowId}, only those of that
     * workflow.
     */
    public Result audit(int partition, Optional<String> workflowId) {
        RedisClusterCommands<String, String> redis = connection.sync();
        String anyStream = keys.commands(partition);
        List<DeadLetter> letters = new DeadLetters(connection, keys).list(anyStream, Integer.MAX_VALUE)
                .toCompletableFuture().join();
        List<Violation> violations = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int checked = 0;
        for (DeadLetter letter : letters) {
            listed.add(letter.position().redisId());
            if (workflowId.isPresent() && !workflowId.equals(letter.workflowId())) {
                continue;
            }
            checked++;
            check(redis, partition, letter, violations);
        }
        int marks = 0;
        for (Map.Entry<String, String> mark : redis.hgetall(keys.parked(anyStream)).entrySet()) {
            if (workflowId.isPresent() && !mark.getKey().endsWith("|" + workflowId.get())) {
                continue;
            }
            marks++;
            if (!listed.contains(mark.getValue())) {
                violations.add(new Violation("parked mark " + keys.scope(partition) + " " + mark.getKey(), 0,
                        Check.DEAD_LETTER, "points at dead letter " + mark.getValue() + ", which "
                        + keys.deadLetters(anyStream) + " does not list"));
            }
        }
        return new Result(checked, marks, violations);
    }

    private void check(RedisClusterCommands<String, String> redis, int partition, DeadLetter letter,
                       List<Violation> violations) {
        String subject = "dead letter " + keys.scope(partition) + " " + letter.position().redisId();
        String stream = letter.stream();
        String scope;
        try {
            scope = keys.scopeOf(stream);
        } catch (IllegalArgumentException e) {
            scope = "";
        }
        if (!scope.equals(keys.scope(partition))) {
            violations.add(new Violation(subject, 0, Check.DEAD_LETTER, "names stream " + stream
                    + ", which is not a stream of " + keys.scope(partition)));
            return;
        }
        String entry = letter.entryId().redisId();
        if (redis.xrange(stream, Range.create(entry, entry)).isEmpty() && !trimmedBelow(redis, stream,
                letter.entryId())) {
            violations.add(new Violation(subject, 0, Check.DEAD_LETTER, "refers to entry " + entry + " of " + stream
                    + ", which does not exist"));
        }
        Optional<String> workflow = letter.workflowId();
        if (workflow.isEmpty()) {
            return;
        }
        String wf = workflow.get();
        if (redis.exists(keys.workflowStream(wf)) == 0 && !isSubmission(letter)) {
            violations.add(new Violation(subject, 0, Check.DEAD_LETTER, "refers to workflow " + wf
                    + ", which does not exist"));
        }
        String field = keys.parkedField(stream, letter.group(), wf);
        String mark = redis.hget(keys.parked(stream), field);
        if (mark == null) {
            violations.add(new Violation(subject, 0, Check.DEAD_LETTER, "workflow " + wf + " is not marked parked"
                    + " for group " + letter.group() + " on " + stream + " (no field " + field + " in "
                    + keys.parked(stream) + ")"));
        } else if (!mark.equals(letter.position().redisId())) {
            violations.add(new Violation(subject, 0, Check.DEAD_LETTER, "the parked mark of workflow " + wf
                    + " points at dead letter " + mark + " instead"));
        }
    }

    /** Whether the stream's oldest entry is newer than {@code id}: the entry was trimmed after it was parked. */
    private static boolean trimmedBelow(RedisClusterCommands<String, String> redis, String stream, StreamPosition id) {
        List<StreamMessage<String, String>> first = redis.xrange(stream, Range.unbounded(), Limit.from(1));
        return !first.isEmpty() && StreamPosition.parse(first.get(0).getId()).compareTo(id) > 0;
    }

    /** A parked submission names a workflow that was never created: that is the point of parking it. */
    private boolean isSubmission(DeadLetter letter) {
        String command = letter.fields().get("c");
        if (command == null) {
            return false;
        }
        try {
            JsonNode node = mapper.readTree(command);
            return "submit_workflow".equals(node.path("type").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false; // an unreadable command is no submission
        }
    }
}
