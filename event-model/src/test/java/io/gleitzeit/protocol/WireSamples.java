package io.gleitzeit.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON sample per payload type, in the exact shapes of PROTOCOL.md, with every field set. They are written out
 * by the payloads unchanged, which is what the round-trip test checks.
 */
final class WireSamples {
    private WireSamples() {
    }

    static final String NODE_REGISTRATION = """
            {"node_id": "svc-1", "name": "functions", "node_type": "external_service",
             "capabilities": {"task_types": ["python_execution", "function"], "max_concurrent_tasks": 4,
                              "external_service": true, "service_capabilities": ["data_processing"]},
             "service_type": "function", "functions": ["fibonacci", "gcd"], "models": ["llama3"],
             "endpoints": [{"endpoint_id": "gpu-a", "url": "http://10.0.0.5:11434", "models": ["llama3"],
                            "gpu": "RTX 4090", "max_concurrent": 2, "priority": 5, "tags": ["fast"]}],
             "version": "1.2.0", "providers": ["internal"], "routing_strategy": "round_robin"}""";

    static final String HEARTBEAT = """
            {"node_id": "svc-1", "service_name": "functions", "status": "active", "node_type": "external_service",
             "active_tasks": 2, "max_tasks": 4, "tasks_completed": 10, "tasks_failed": 1, "uptime_seconds": 12.5,
             "capabilities": ["python_execution"], "timestamp": "2025-01-31T12:00:00Z",
             "endpoints": [{"endpoint_id": "gpu-a", "healthy": true, "in_flight": 1, "loaded_models": ["llama3"],
                            "vram_used_bytes": 8000000000, "vram_total_bytes": 24000000000, "ewma_latency_ms": 812.5}]}""";

    static final String TASK_ASSIGNMENT = """
            {"task_id": "t-1", "workflow_id": "wf-1", "task_type": "function", "task_name": "Compute",
             "parameters": {"function": "fibonacci", "args": [10]}, "priority": "high", "max_retries": 2,
             "timeout": 30, "assigned_at": "2025-01-31T12:00:00Z", "external_task_type": "python_execution",
             "service_name": "functions",
             "external_parameters": {"function_name": "fibonacci", "args": [10], "kwargs": {}},
             "external_timeout": 1.5, "attempt": 2, "idempotency_key": "t-1:2", "endpoint_id": "gpu-a",
             "deadline": "2025-01-31T12:00:30Z"}""";

    static final String TASK_ACCEPTANCE = """
            {"task_id": "t-1", "workflow_id": "wf-1", "node_id": "svc-1", "attempt": 2}""";

    static final String TASK_PROGRESS = """
            {"task_id": "t-1", "workflow_id": "wf-1", "progress": 50.0, "message": "half way", "node_id": "svc-1",
             "timestamp": "2025-01-31T12:00:01Z", "chunk": "Once upon", "attempt": 2, "endpoint_id": "gpu-b"}""";

    static final String TASK_COMPLETION = """
            {"task_id": "t-1", "workflow_id": "wf-1", "result": {"sequence": [0, 1, 1]}, "node_id": "svc-1",
             "service_name": "functions", "timestamp": "2025-01-31T12:00:02Z", "attempt": 2,
             "usage": {"prompt_tokens": 12, "completion_tokens": 34}, "endpoint_id": "gpu-a", "duration_ms": 1520}""";

    static final String TASK_FAILURE = """
            {"task_id": "t-1", "workflow_id": "wf-1", "error": "division by zero", "node_id": "svc-1",
             "timestamp": "2025-01-31T12:00:02Z", "attempt": 2, "error_type": "ArithmeticException",
             "retryable": false, "service_name": "functions"}""";

    static final String TASK_CANCELLATION = """
            {"task_id": "t-1", "workflow_id": "wf-1", "reason": "workflow cancelled", "attempt": 2}""";

    static final String ACK_OK = """
            {"ok": true, "service_id": "svc-1"}""";

    static final String ACK_ERROR = """
            {"ok": false, "error": {"code": "bad_request", "message": "invalid workflow",
             "details": [{"path": "$.tasks[2].dependencies[0]", "message": "unknown task 'X'"}]}}""";

    static final String ERROR_DETAIL = """
            {"path": "$.name", "message": "must not be blank"}""";

    static final String AUTHENTICATE = """
            {"client_type": "external_service", "token": "s3cret", "service_name": "functions",
             "client_id": "c-1"}""";

    static final String AUTHENTICATED = """
            {"success": true}""";

    static final String AUTHENTICATION_FAILED = """
            {"error": "invalid token"}""";

    static final String CONNECTED = """
            {"message": "Connected to Gleitzeit cluster", "sid": "abc123"}""";

    static final String WORKFLOW_REQUEST = """
            {"workflow_id": "wf-1"}""";

    static final String WORKFLOW_CANCEL = """
            {"workflow_id": "wf-1", "reason": "no longer needed"}""";

    static final String WORKFLOW_LIST = """
            {"status": "running", "limit": 20}""";

    static final String WORKFLOW_STATUS_RESPONSE = """
            {"workflow_id": "wf-1", "status": "running"}""";

    static final String WORKFLOW_STARTED = """
            {"workflow_id": "wf-1", "name": "Financial Analysis", "total_tasks": 3,
             "timestamp": "2025-01-31T12:00:00Z"}""";

    static final String WORKFLOW_CANCELLED = """
            {"workflow_id": "wf-1", "timestamp": "2025-01-31T12:00:00Z"}""";

    static final String WORKFLOW_COMPLETED = """
            {"workflow_id": "wf-1", "status": "completed", "completed_tasks": 2, "failed_tasks": 1,
             "results": {"Extract Numbers": "42", "Format Report": {"pages": 2}},
             "errors": {"Risk Assessment": "timeout"}, "timestamp": "2025-01-31T12:05:00Z"}""";

    static final String TASK_COMPLETED_NOTICE = """
            {"task_id": "t-1", "workflow_id": "wf-1", "result": 55, "timestamp": "2025-01-31T12:00:02Z",
             "task_name": "Compute"}""";

    static final String TASK_FAILED_NOTICE = """
            {"task_id": "t-1", "workflow_id": "wf-1", "error": "boom", "timestamp": "2025-01-31T12:00:02Z",
             "task_name": "Compute"}""";

    static final String TASK_STATUS_NOTICE = """
            {"task_id": "wf-1/0", "workflow_id": "wf-1", "task_name": "Compute", "status": "retry_waiting",
             "attempt": 2, "timestamp": "2025-01-31T12:00:03Z"}""";

    static final String MONITOR_SUBSCRIBE = """
            {"types": ["all"]}""";

    static final String MONITOR_SUBSCRIBED = """
            {"message": "Subscribed to monitoring", "types": ["all"]}""";

    static final String MONITOR_UNSUBSCRIBED = """
            {"message": "Unsubscribed from monitoring"}""";

    static final String METRICS = """
            {"timestamp": "2025-01-31T12:00:00Z",
             "cluster_metrics": {"connected_clients": 3, "executor_nodes": 0, "external_service_nodes": 2,
                                 "active_workflows": 1, "monitoring_clients": 1},
             "node_metrics": [{"node_id": "svc-1", "name": "functions", "node_type": "external_service",
                               "status": "active", "active_tasks": 1, "max_tasks": 4,
                               "last_heartbeat": "2025-01-31T11:59:55Z", "uptime_seconds": 360.0,
                               "capabilities": ["python_execution"], "tasks_completed": 9, "tasks_failed": 1,
                               "success_rate": 0.9, "service_type": "function", "kind": "functions"}],
             "queue_metrics": {"urgent_queue": 0, "high_queue": 1, "normal_queue": 2, "low_queue": 0,
                               "total_queued": 3},
             "aggregate_metrics": {"total_active_tasks": 1, "cluster_utilization": 0.25},
             "endpoint_metrics": [{"endpoint_id": "gpu-a", "url": "http://10.0.0.5:11434", "service_id": "svc-2",
                                   "healthy": true, "in_flight": 1, "max_concurrent": 2,
                                   "loaded_models": ["llama3"], "vram_used_bytes": 8000000000,
                                   "vram_total_bytes": 24000000000, "ewma_latency_ms": 812.5,
                                   "tasks_completed": 5, "tasks_failed": 0}],
             "workflow_metrics": {"running": 1, "completed": 4, "failed": 1, "cancelled": 0}}""";

    static final String INITIAL_METRICS = "{\"metrics\": " + METRICS
            + ", \"subscription_types\": [\"all\"], \"update_interval_seconds\": 5.0}";

    static final String MONITOR_EVENT = """
            {"timestamp": "2025-01-31T12:00:01Z", "kind": "task", "type": "task.completed", "workflow_id": "wf-1",
             "task_id": "wf-1/0", "attempt": 1, "service_id": "svc-fn", "message": "Extract Numbers completed"}""";

    static final String MONITOR_RECENT_EVENTS = "{\"events\": [" + MONITOR_EVENT + "]}";

    /** Every top-level payload type with its sample. */
    static Map<Class<?>, String> all() {
        var samples = new LinkedHashMap<Class<?>, String>();
        samples.put(NodeRegistration.class, NODE_REGISTRATION);
        samples.put(NodeCapabilities.class, """
                {"task_types": ["llm_generation"], "max_concurrent_tasks": 2, "external_service": true,
                 "service_capabilities": []}""");
        samples.put(EndpointDeclaration.class, """
                {"endpoint_id": "gpu-a", "url": "http://10.0.0.5:11434", "models": [], "gpu": "A100",
                 "max_concurrent": 1}""");
        samples.put(Heartbeat.class, HEARTBEAT);
        samples.put(EndpointHealth.class, """
                {"endpoint_id": "gpu-a", "healthy": false, "in_flight": 0, "loaded_models": []}""");
        samples.put(TaskAssignment.class, TASK_ASSIGNMENT);
        samples.put(TaskAcceptance.class, TASK_ACCEPTANCE);
        samples.put(TaskProgressReport.class, TASK_PROGRESS);
        samples.put(TaskCompletion.class, TASK_COMPLETION);
        samples.put(Usage.class, """
                {"prompt_tokens": 1, "completion_tokens": 2}""");
        samples.put(TaskFailure.class, TASK_FAILURE);
        samples.put(TaskCancellation.class, TASK_CANCELLATION);
        samples.put(AckReply.class, ACK_OK);
        samples.put(AckError.class, """
                {"code": "forbidden", "message": "clients may not register", "details": []}""");
        samples.put(ErrorDetail.class, ERROR_DETAIL);
        samples.put(AuthenticateRequest.class, AUTHENTICATE);
        samples.put(AuthenticationResult.class, AUTHENTICATED);
        samples.put(AuthenticationFailure.class, AUTHENTICATION_FAILED);
        samples.put(ConnectedNotice.class, CONNECTED);
        samples.put(WorkflowRequest.class, WORKFLOW_REQUEST);
        samples.put(WorkflowCancelRequest.class, WORKFLOW_CANCEL);
        samples.put(WorkflowListRequest.class, WORKFLOW_LIST);
        samples.put(WorkflowStatusResponse.class, WORKFLOW_STATUS_RESPONSE);
        samples.put(WorkflowStartedNotice.class, WORKFLOW_STARTED);
        samples.put(WorkflowCancelledNotice.class, WORKFLOW_CANCELLED);
        samples.put(WorkflowCompletedNotice.class, WORKFLOW_COMPLETED);
        samples.put(TaskCompletedNotice.class, TASK_COMPLETED_NOTICE);
        samples.put(TaskFailedNotice.class, TASK_FAILED_NOTICE);
        samples.put(TaskStatusNotice.class, TASK_STATUS_NOTICE);
        samples.put(MonitorSubscribeRequest.class, MONITOR_SUBSCRIBE);
        samples.put(MonitorSubscribed.class, MONITOR_SUBSCRIBED);
        samples.put(MonitorUnsubscribed.class, MONITOR_UNSUBSCRIBED);
        samples.put(MonitorInitialMetrics.class, INITIAL_METRICS);
        samples.put(MonitorEvent.class, MONITOR_EVENT);
        samples.put(MonitorRecentEvents.class, MONITOR_RECENT_EVENTS);
        samples.put(ClusterMetrics.class, METRICS);
        samples.put(ClusterMetrics.Counts.class, """
                {"connected_clients": 1, "executor_nodes": 0, "external_service_nodes": 1, "active_workflows": 0,
                 "monitoring_clients": 0}""");
        samples.put(ClusterMetrics.NodeMetrics.class, """
                {"node_id": "svc-1", "name": "n", "node_type": "external_service", "status": "active",
                 "active_tasks": 0, "max_tasks": 1, "last_heartbeat": "2025-01-31T11:59:55Z", "uptime_seconds": 1.0,
                 "capabilities": [], "tasks_completed": 0, "tasks_failed": 0, "success_rate": 1.0}""");
        samples.put(ClusterMetrics.Queues.class, """
                {"urgent_queue": 1, "high_queue": 0, "normal_queue": 0, "low_queue": 0, "total_queued": 1}""");
        samples.put(ClusterMetrics.Aggregate.class, """
                {"total_active_tasks": 0, "cluster_utilization": 0.0}""");
        samples.put(ClusterMetrics.EndpointMetrics.class, """
                {"endpoint_id": "e", "url": "http://h", "service_id": "s", "healthy": true, "in_flight": 0,
                 "max_concurrent": 1, "loaded_models": [], "tasks_completed": 0, "tasks_failed": 0}""");
        samples.put(ClusterMetrics.Workflows.class, """
                {"running": 0, "completed": 1, "failed": 0, "cancelled": 0}""");
        return samples;
    }
}
