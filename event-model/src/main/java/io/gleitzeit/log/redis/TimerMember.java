package io.gleitzeit.log.redis;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A timer as a member of a partition's {@code timers} ZSET, self-describing so that a fired timer needs nothing
 * else to become a {@link FireTimer} command:
 *
 * <pre>&lt;kind&gt;|&lt;attempt&gt;|&lt;workflow id length in UTF-8 bytes&gt;|&lt;workflow id&gt;|&lt;task id&gt;</pre>
 *
 * e.g. {@code retry_due|2|7|order-1|order-1/0} or {@code workflow_timeout|0|7|order-1|} (no task). The length makes
 * the format unambiguous for ids containing {@code |}; the fire script reads the workflow id with it. One member per
 * kind, task and attempt, so scheduling the same timer again moves it instead of adding a second one. The member is
 * also the fired command's id.
 *
 * @param workflowId the workflow
 * @param timer      what fires
 */
public record TimerMember(String workflowId, FireTimer timer) {
    public TimerMember {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(timer, "timer");
        if (workflowId.isEmpty()) {
            throw new IllegalArgumentException("workflowId must not be empty");
        }
    }

    /** The ZSET member. */
    public String encode() {
        String task = timer.taskId() == null ? "" : timer.taskId();
        return timer.kind().name().toLowerCase(Locale.ROOT) + "|" + timer.attempt() + "|"
                + workflowId.getBytes(StandardCharsets.UTF_8).length + "|" + workflowId + "|" + task;
    }

    /** Reads a member back; fails, quoting it, when it is not one. */
    public static TimerMember decode(String member) {
        Objects.requireNonNull(member, "member");
        try {
            int kindEnd = member.indexOf('|');
            int attemptEnd = member.indexOf('|', kindEnd + 1);
            int lengthEnd = member.indexOf('|', attemptEnd + 1);
            TimerKind kind = TimerKind.valueOf(member.substring(0, kindEnd).toUpperCase(Locale.ROOT));
            int attempt = Integer.parseInt(member.substring(kindEnd + 1, attemptEnd));
            int idBytes = Integer.parseInt(member.substring(attemptEnd + 1, lengthEnd));
            byte[] rest = member.substring(lengthEnd + 1).getBytes(StandardCharsets.UTF_8);
            if (rest.length < idBytes + 1 || rest[idBytes] != '|') {
                throw new IllegalArgumentException("workflow id length does not match");
            }
            String workflowId = new String(rest, 0, idBytes, StandardCharsets.UTF_8);
            String task = new String(rest, idBytes + 1, rest.length - idBytes - 1, StandardCharsets.UTF_8);
            return new TimerMember(workflowId, new FireTimer(kind, task.isEmpty() ? null : task, attempt));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a timer member: " + member + " (" + e.getMessage() + ")", e);
        }
    }
}
