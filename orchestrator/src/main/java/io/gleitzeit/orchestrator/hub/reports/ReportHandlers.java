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
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAcceptance;
import io.gleitzeit.protocol.TaskCompletion;
import io.gleitzeit.protocol.TaskFailure;
import io.gleitzeit.protocol.TaskProgressReport;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's reports ({@code task:accepted}, {@code task:progress}, {@code task:completed}, {@code task:failed})
 * become commands for the decider, with deterministic ids ({@code <kind>:<task_id>:<attempt>}; progress adds its
 * percentage; progress that moves the attempt to another endpoint is {@code endpoint:<task_id>:<attempt>:<endpoint>}),
 * and are acknowledged once the command is stored. A completion whose result is
 * {@code {"success": false, ...}} is sent as a failure. Whether the attempt is still current is the decider's
 * business: a stale attempt's report is recorded as discarded and changes nothing. A report that names no attempt
 * (services of the original protocol) is for the attempt this hub sent. Live text chunks are also published on
 * {@code <prefix>live:progress} so that any hub can relay them to the workflow's subscribers.
 */
public final class ReportHandlers {
    private final String hubId;
    private final EventLog log;
    private final ServiceHub services;
    private final DispatchRelay relay;
    private final LiveProgress live;
    private final Clock clock;

    public ReportHandlers(String hubId, EventLog log, ServiceHub services, DispatchRelay relay, LiveProgress live,
                          Clock clock) {
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.log = Objects.requireNonNull(log, "log");
        this.services = Objects.requireNonNull(services, "services");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the handlers on the transport (before it starts). */
    public void install(HubTransport transport) {
        transport.on(EventNames.TASK_ACCEPTED, TaskAcceptance.class, Role.SERVICE, this::accepted);
        transport.on(EventNames.TASK_PROGRESS, TaskProgressReport.class, Role.SERVICE, this::progress);
        transport.on(EventNames.TASK_COMPLETED, TaskCompletion.class, Role.SERVICE, this::completed);
        transport.on(EventNames.TASK_FAILED, TaskFailure.class, Role.SERVICE, this::failed);
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
            ReportTaskProgress command = new ReportTaskProgress(r.taskId(), at.attempt(), percent, r.message(),
                    r.endpointId());
            if (command.endpointId() != null) {
                // a move to another endpoint is its own report: it must not pass for a repeat of the progress
                // report at the same percentage (same command id)
                sendWithId(ack, "endpoint:" + r.taskId() + ":" + at.attempt() + ":" + command.endpointId(), at,
                        command);
            } else {
                send(ack, "progress", at, percent, command);
            }
        });
    }

    private void completed(HubClient client, TaskCompletion r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at -> {
            Optional<String> failure = r.reportedFailure();
            if (failure.isPresent()) {
                String type = r.result().path("error_type").isTextual() ? r.result().get("error_type").asText()
                        : "error";
                boolean retryable = !r.result().path("retryable").isBoolean()
                        || r.result().get("retryable").asBoolean();
                send(ack, "failed", at, new ReportTaskFailed(r.taskId(), at.attempt(),
                        new TaskError(failure.get(), type, retryable), at.serviceId()));
                return;
            }
            TokenUsage usage = r.usage() == null ? null
                    : new TokenUsage(r.usage().promptTokens(), r.usage().completionTokens());
            send(ack, "completed", at, new ReportTaskCompleted(r.taskId(), at.attempt(), r.result(), usage,
                    r.durationMs(), at.serviceId(), r.endpointId()));
        });
    }

    private void failed(HubClient client, TaskFailure r, Ack ack) {
        resolve(client, r.taskId(), r.workflowId(), r.attempt(), ack).ifPresent(at ->
                send(ack, "failed", at, new ReportTaskFailed(r.taskId(), at.attempt(),
                        new TaskError(r.error(), r.errorType(), r.retryable()), at.serviceId())));
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
        sendWithId(ack, kind + ":" + taskId + ":" + at.attempt(), at, command);
    }

    private void send(Ack ack, String kind, AttemptRef at, int percent, WorkflowCommand command) {
        String taskId = taskIdOf(command);
        sendWithId(ack, kind + ":" + taskId + ":" + at.attempt() + ":" + percent, at, command);
    }

    private void sendWithId(Ack ack, String commandId, AttemptRef at, WorkflowCommand command) {
        ack.completeWith(log.send(new CommandEnvelope(commandId, at.workflowId(), clock.instant(), hubId, null,
                command)).thenApply(position -> null));
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
