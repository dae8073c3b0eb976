package io.gleitzeit.orchestrator.hub.reports;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TokenUsage;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.orchestrator.hub.dispatch.DispatchRelay;
import io.gleitzeit.orchestrator.hub.services.LocalService;
import io.gleitzeit.orchestrator.hub.services.ServiceHub;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.Problem;
import io.gleitzeit.orchestrator.hub.transport.PayloadLimit;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.payload.JsonSize;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAcceptance;
import io.gleitzeit.protocol.TaskCompletion;
import io.gleitzeit.protocol.TaskFailure;
import io.gleitzeit.protocol.TaskProgressReport;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's reports ({@code task:accepted}, {@code task:progress}, {@code task:completed}, {@code task:failed})
 * become commands for the decider, with deterministic ids ({@code <kind>:<task_id>:<attempt>}; progress adds its
 * percentage; progress that moves the attempt to another endpoint is {@code endpoint:<task_id>:<attempt>:<endpoint>}),
 * and are acknowledged once the command is stored. A completion whose result is
 * {@code {"success": false, ...}} is sent as a failure. Whether the attempt is still current is the decider's
 * business: a stale attempt's report is recorded as discarded and changes nothing. A report that names no attempt
 * (services of the original protocol) is for the attempt this hub sent. Live text chunks are also published on
 * {@code <prefix>live:progress} so that any hub can relay them to the workflow's subscribers.
 *
 * <p>A result above the inline limit goes to the decider by reference (the log stores it, {@link LargePayloads});
 * an error or progress text above it keeps its head inline and is stored whole by reference. A result (or error
 * text) above {@code maxResultBytes} is not kept: the attempt fails, not retryable ({@value #RESULT_TOO_LARGE}), and
 * the service is answered {@code payload_too_large}.
 */
public final class ReportHandlers {
    /** The error type of an attempt failed because its result was over the maximum. */
    public static final String RESULT_TOO_LARGE = "result_too_large";
    private static final Logger LOG = LoggerFactory.getLogger(ReportHandlers.class);
    private final String hubId;
    private final EventLog log;
    private final ServiceHub services;
    private final DispatchRelay relay;
    private final LiveProgress live;
    private final LargePayloads payloads;
    private final long maxResultBytes;
    private final Clock clock;

    /**
     * @param maxResultBytes the largest result (or error text) a service may report; a larger one fails its attempt,
     *                       not retryable
     */
    public ReportHandlers(String hubId, EventLog log, ServiceHub services, DispatchRelay relay, LiveProgress live,
                          LargePayloads payloads, long maxResultBytes, Clock clock) {
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.log = Objects.requireNonNull(log, "log");
        this.services = Objects.requireNonNull(services, "services");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.live = Objects.requireNonNull(live, "live");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.maxResultBytes = maxResultBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the handlers on the transport (before it starts). */
    public void install(HubTransport transport) {
        transport.on(EventNames.TASK_ACCEPTED, TaskAcceptance.class, Role.SERVICE, this::accepted);
        transport.on(EventNames.TASK_PROGRESS, TaskProgressReport.class, Role.SERVICE, this::progress);
        // Results and error texts are held to maxResultBytes here, so that one too large fails its attempt.
        transport.on(EventNames.TASK_COMPLETED, TaskCompletion.class, Role.SERVICE, PayloadLimit.HANDLER,
                this::completed);
        transport.on(EventNames.TASK_FAILED, TaskFailure.class, Role.SERVICE, PayloadLimit.HANDLER, this::failed);
    }

    private void accepted(HubClient client, TaskAcceptance r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at ->
                send(ack, "accepted", at, new ReportTaskAccepted(r.taskId(), at.attempt(), at.serviceId())));
    }

    private void progress(HubClient client, TaskProgressReport r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at -> {
            if (r.chunk() != null && !r.chunk().isEmpty()) {
                live.publish(at.workflowId(), r, at.attempt());
            }
            int percent = (int) Math.round(r.progress());
            // a move to another endpoint is its own report: it must not pass for a repeat of the progress report
            // at the same percentage (same command id)
            String commandId = r.endpointId() != null && !r.endpointId().isBlank()
                    ? "endpoint:" + r.taskId() + ":" + at.attempt() + ":" + r.endpointId()
                    : "progress:" + r.taskId() + ":" + at.attempt() + ":" + percent;
            ack.completeWith(payloads.shorten(at.workflowId(), r.message()).thenCompose(message -> sendWithId(
                    commandId, at, new ReportTaskProgress(r.taskId(), at.attempt(), percent, message,
                            r.endpointId()))));
        });
    }

    private void completed(HubClient client, TaskCompletion r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at -> {
            long size = JsonSize.of(r.result());
            if (size > maxResultBytes) {
                refuseOversized(ack, at, r.taskId(), "result", size);
                return;
            }
            Optional<String> failure = r.reportedFailure();
            if (failure.isPresent()) {
                String type = r.result().path("error_type").isTextual() ? r.result().get("error_type").asText()
                        : "error";
                boolean retryable = !r.result().path("retryable").isBoolean()
                        || r.result().get("retryable").asBoolean();
                sendFailure(ack, at, r.taskId(), failure.get(), type, retryable);
                return;
            }
            TokenUsage usage = r.usage() == null ? null
                    : new TokenUsage(r.usage().promptTokens(), r.usage().completionTokens());
            send(ack, "completed", at, new ReportTaskCompleted(r.taskId(), at.attempt(), r.result(), usage,
                    r.durationMs(), at.serviceId(), r.endpointId()));
        });
    }

    private void failed(HubClient client, TaskFailure r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at -> {
            long size = r.error() == null ? 0 : JsonSize.ofString(r.error());
            if (size > maxResultBytes) {
                refuseOversized(ack, at, r.taskId(), "error text", size);
                return;
            }
            sendFailure(ack, at, r.taskId(), r.error(), r.errorType(), r.retryable());
        });
    }

    /**
     * Fails the attempt, not retryable (the same work would report the same), and answers the service
     * {@code payload_too_large} once that is stored: the report itself is not kept.
     */
    private void refuseOversized(Ack ack, AttemptRef at, String taskId, String what, long size) {
        String message = "the " + what + " of " + size + " bytes is over the maximum of " + maxResultBytes
                + " bytes per task result (max_result_bytes); it was not kept";
        LOG.warn("Task {} attempt {} of service {}: {}", taskId, at.attempt(), at.serviceId(), message);
        sendWithId("failed:" + taskId + ":" + at.attempt(), at, new ReportTaskFailed(taskId, at.attempt(),
                new TaskError(message, RESULT_TOO_LARGE, false), at.serviceId())).whenComplete((ok, error) -> {
                    if (error != null) {
                        ack.error(AckError.INTERNAL, "the hub failed to record the refusal of task " + taskId);
                    } else {
                        ack.error(new AckError(AckError.PAYLOAD_TOO_LARGE, message,
                                List.of(new Problem("$." + (what.equals("result") ? "result" : "error"),
                                        "is " + size + " bytes; at most " + maxResultBytes + " are accepted"))));
                    }
                });
    }

    private void sendFailure(Ack ack, AttemptRef at, String taskId, String error, String type, boolean retryable) {
        ack.completeWith(payloads.shorten(at.workflowId(), error).thenCompose(message -> sendWithId(
                "failed:" + taskId + ":" + at.attempt(), at, new ReportTaskFailed(taskId, at.attempt(),
                        new TaskError(message, type, retryable), at.serviceId()))));
    }

    /** Which service, workflow and attempt a report is about; answers the ack itself when that cannot be told. */
    private Optional<AttemptRef> resolve(HubClient client, String taskId, String workflowId, Integer attempt,
                                         Ack ack) {
        Optional<LocalService> service = services.serviceOf(client);
        if (service.isEmpty()) {
            ack.error(AckError.of("not_registered",
                    "this connection has not registered as a service; send node:register first"));
            return Optional.empty();
        }
        String serviceId = service.get().serviceId();
        services.seen(serviceId);
        Integer known = attempt != null ? attempt : relay.currentAttempt(serviceId, taskId).orElse(null);
        if (known == null || known < 1) {
            ack.error(AckError.badRequest("the report names no attempt and this hub sent none of task " + taskId,
                    List.of(new Problem("$.attempt", attempt == null ? "is required here" : "must be at least 1"))));
            return Optional.empty();
        }
        String workflow = relay.receipt(serviceId, taskId, known).orElse(workflowId);
        if (workflow == null || workflow.isBlank()) {
            workflow = workflowOfTask(taskId);
        }
        if (workflow == null) {
            ack.error(AckError.badRequest("the report names no workflow",
                    List.of(new Problem("$.workflow_id", "is required"))));
            return Optional.empty();
        }
        return Optional.of(new AttemptRef(serviceId, workflow, known));
    }

    private static String workflowOfTask(String taskId) {
        try {
            return WorkflowDefinition.workflowIdOfTask(taskId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void send(Ack ack, String kind, AttemptRef at, WorkflowCommand command) {
        String taskId = taskIdOf(command);
        ack.completeWith(sendWithId(kind + ":" + taskId + ":" + at.attempt(), at, command));
    }

    private CompletionStage<Object> sendWithId(String commandId, AttemptRef at, WorkflowCommand command) {
        return log.send(new CommandEnvelope(commandId, at.workflowId(), clock.instant(), hubId, null, command))
                .thenApply(position -> null);
    }

    private static String taskIdOf(WorkflowCommand command) {
        if (command instanceof ReportTaskAccepted c) {
            return c.taskId();
        } else if (command instanceof ReportTaskProgress c) {
            return c.taskId();
        } else if (command instanceof ReportTaskCompleted c) {
            return c.taskId();
        } else if (command instanceof ReportTaskFailed c) {
            return c.taskId();
        }
        throw new IllegalArgumentException("not a report: " + command.getClass().getName());
    }

    /** The attempt a report is about. */
    private record AttemptRef(String serviceId, String workflowId, int attempt) {
    }
}
