package io.gleitzeit.protocol;

/**
 * The event names of the {@code /cluster} namespace. They are those of the original Python Gleitzeit, so its
 * services and clients connect unchanged; names marked <em>(ext)</em> are Gleitzeit additions.
 */
public final class EventNames {
    // Connecting and authenticating
    /** hub → any: {@link ConnectedNotice}, optionally sent first. */
    public static final String CONNECTED = "connected";
    /** any → hub, legacy authentication after connecting: {@link AuthenticateRequest}. */
    public static final String AUTHENTICATE = "authenticate";
    /** hub → any: {@link AuthenticationResult}. */
    public static final String AUTHENTICATED = "authenticated";
    /** hub → any: {@link AuthenticationFailure}. */
    public static final String AUTHENTICATION_FAILED = "authentication_failed";

    // Services
    /** service → hub: {@link NodeRegistration}; ack {@code {ok, service_id}}. */
    public static final String NODE_REGISTER = "node:register";
    /** service → hub: {@link Heartbeat}. */
    public static final String NODE_HEARTBEAT = "node:heartbeat";
    /** hub → monitors when a service registered. */
    public static final String EXTERNAL_SERVICE_REGISTERED = "external_service:registered";
    /** hub → service: {@link TaskAssignment}, with an ack callback (ext) the service answers on receipt. */
    public static final String TASK_ASSIGN = "task:assign";
    /** service → hub: {@link TaskAcceptance}. */
    public static final String TASK_ACCEPTED = "task:accepted";
    /** service → hub, and hub → workflow room: {@link TaskProgressReport}. */
    public static final String TASK_PROGRESS = "task:progress";
    /** service → hub: {@link TaskCompletion}; hub → workflow room: {@link TaskCompletedNotice}. */
    public static final String TASK_COMPLETED = "task:completed";
    /** service → hub: {@link TaskFailure}; hub → workflow room: {@link TaskFailedNotice}. */
    public static final String TASK_FAILED = "task:failed";
    /** hub → service: {@link TaskCancellation}. */
    public static final String TASK_CANCEL = "task:cancel";

    // Clients
    /** client → hub: a workflow document; ack {@code {ok, workflow_id}}. */
    public static final String WORKFLOW_SUBMIT = "workflow:submit";
    /** client → hub: {@link WorkflowRequest}; ack {@code {ok, workflow}}. */
    public static final String WORKFLOW_STATUS = "workflow:status";
    /** hub → client, legacy reply to {@link #WORKFLOW_STATUS}: {@link WorkflowStatusResponse}. */
    public static final String WORKFLOW_STATUS_RESPONSE = "workflow:status_response";
    /** client → hub: {@link WorkflowCancelRequest}; ack {@code {ok}}. */
    public static final String WORKFLOW_CANCEL = "workflow:cancel";
    /** client → hub (ext): {@link WorkflowRequest}; ack {@code {ok}}; the client then gets the room events. */
    public static final String WORKFLOW_SUBSCRIBE = "workflow:subscribe";
    /** client → hub (ext): {@link WorkflowRequest}; ack {@code {ok}}; the client leaves the workflow's room. */
    public static final String WORKFLOW_UNSUBSCRIBE = "workflow:unsubscribe";
    /** client → hub (ext): {@link WorkflowListRequest}; ack {@code {ok, workflows[]}}. */
    public static final String WORKFLOW_LIST = "workflow:list";

    // Workflow room events (hub → subscribers of one workflow)
    /** {@link WorkflowStartedNotice}. */
    public static final String WORKFLOW_STARTED = "workflow:started";
    /** {@link WorkflowCompletedNotice}. */
    public static final String WORKFLOW_COMPLETED = "workflow:completed";
    /** {@link WorkflowCancelledNotice}. */
    public static final String WORKFLOW_CANCELLED = "workflow:cancelled";
    /** (ext) {@link TaskStatusNotice}: a task's status changed. */
    public static final String TASK_STATUS = "task:status";

    // Monitoring
    /** monitor → hub: {@link MonitorSubscribeRequest}. */
    public static final String MONITOR_SUBSCRIBE = "monitor:subscribe";
    /** hub → monitor: {@link MonitorInitialMetrics}. */
    public static final String MONITOR_INITIAL_METRICS = "monitor:initial_metrics";
    /** hub → monitor: {@link MonitorSubscribed}. */
    public static final String MONITOR_SUBSCRIBED = "monitor:subscribed";
    /** hub → monitor, every interval: {@link ClusterMetrics}. */
    public static final String MONITOR_METRICS_UPDATE = "monitor:metrics_update";
    /** monitor → hub: an empty object. */
    public static final String MONITOR_UNSUBSCRIBE = "monitor:unsubscribe";
    /** hub → monitor: {@link MonitorUnsubscribed}. */
    public static final String MONITOR_UNSUBSCRIBED = "monitor:unsubscribed";
    /** hub → monitor (ext), after {@link #MONITOR_SUBSCRIBED}: {@link MonitorRecentEvents}. */
    public static final String MONITOR_RECENT_EVENTS = "monitor:recent_events";
    /** hub → monitor (ext), for each recorded transition: {@link MonitorEvent}. */
    public static final String MONITOR_EVENT = "monitor:event";
    /** monitor → hub (ext): {@link WorkflowListRequest}; ack {@code {ok, workflows[]}} (stored summaries). */
    public static final String MONITOR_WORKFLOWS = "monitor:workflows";
    /** monitor → hub (ext): {@link WorkflowRequest}; ack {@code {ok, workflow}} with its task graph and timeline. */
    public static final String MONITOR_WORKFLOW = "monitor:workflow";

    private EventNames() {
    }
}
