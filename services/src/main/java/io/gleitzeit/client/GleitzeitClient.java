package io.gleitzeit.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.AckError;
import io.gleitzeit.protocol.AckReply;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelRequest;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowListRequest;
import io.gleitzeit.protocol.WorkflowRequest;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import io.gleitzeit.services.sdk.WireJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gleitzeit client: submits workflows to a hub and follows them over Socket.IO (namespace {@code /cluster}, the
 * client events of PROTOCOL.md). Every request returns a {@link CompletableFuture} that fails with a
 * {@link GleitzeitClientException} carrying the hub's {@code code}, {@code message} and {@code details}.
 *
 * <p>A lost connection is re-made in the background (moving through the hub URLs); requests in flight fail with
 * {@code disconnected}, subscriptions are renewed and a {@code workflow:completed} missed meanwhile is delivered
 * from the workflow's status.
 *
 * <pre>{@code
 * try (GleitzeitClient client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl("http://localhost:8000")
 *         .build())) {
 *     String id = client.submit(WorkflowBuilder.named("hello")
 *             .functionTask("Fib", "fibonacci_sequence", b -> b.kwarg("n", 10)).build()).join();
 *     WorkflowCompletedNotice result = client.awaitResult(id).join();
 * }
 * }</pre>
 */
public final class GleitzeitClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GleitzeitClient.class);
    private static final Duration VISIBILITY_RETRY = Duration.ofMillis(100);
    /** How long a workflow followed before a reconnect may stay invisible: above a replica's default claim idle. */
    private static final Duration REFOLLOW_VISIBILITY = Duration.ofMinutes(2);
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
    private static final List<String> ROOM_EVENTS = List.of(EventNames.WORKFLOW_STARTED, EventNames.TASK_STATUS,
            EventNames.TASK_PROGRESS, EventNames.TASK_COMPLETED, EventNames.TASK_FAILED,
            EventNames.WORKFLOW_CANCELLED, EventNames.WORKFLOW_COMPLETED);

    private final ClientOptions options;
    private final WireJson json;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService events;
    private final Followers followers = new Followers();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final HubConnection connection;
    private volatile boolean closed;

    private GleitzeitClient(ClientOptions options) {
        this.options = options;
        this.mapper = GleitzeitJson.newMapper();
        this.json = new WireJson(mapper);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("gleitzeit-client-"));
        this.events = Executors.newSingleThreadExecutor(daemon("gleitzeit-client-events-"));
        this.connection = new HubConnection(options, json, scheduler, ROOM_EVENTS, new ConnectionListener());
    }

    /**
     * Connects to the first hub of {@code options} that answers (each tried once, within the connect timeout).
     *
     * @throws GleitzeitClientException {@code connect_failed} when none does
     */
    public static GleitzeitClient connect(ClientOptions options) {
        GleitzeitClient client = new GleitzeitClient(Objects.requireNonNull(options, "options"));
        try {
            client.connection.open();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    public ClientOptions options() {
        return options;
    }

    /** The hub connected to now, or {@code null} while reconnecting. */
    public URI connectedHub() {
        return connection.hub();
    }

    /** Submits a built workflow; the future holds its {@code workflow_id}. */
    public CompletableFuture<String> submit(WorkflowDocument document) {
        return submit(Objects.requireNonNull(document, "document").toJson());
    }

    /** Submits a workflow document (JSON text); invalid JSON fails with {@code bad_request} before sending. */
    public CompletableFuture<String> submit(String document) {
        try {
            return submit(mapper.readTree(Objects.requireNonNull(document, "document")));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new GleitzeitClientException("bad_request",
                    "the document is not JSON: " + e.getOriginalMessage()));
        }
    }

    /**
     * Submits a workflow document. An invalid one fails with {@code invalid_workflow} and one detail per problem;
     * nothing is stored then. Resubmitting with the same {@code workflow_id} is idempotent.
     */
    public CompletableFuture<String> submit(JsonNode document) {
        Objects.requireNonNull(document, "document");
        return request(EventNames.WORKFLOW_SUBMIT, document, reply -> reply.field("workflow_id")
                .map(JsonNode::asText).orElseThrow(() -> badAnswer("workflow:submit", "workflow_id")));
    }

    /**
     * Submits and follows: the listener is in place before the document is sent, so it sees every room event from
     * {@code workflow:started} on. A document without {@code workflow_id} gets one here ({@code wf-<uuid>}).
     */
    public CompletableFuture<String> submit(JsonNode document, WorkflowListener listener) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(listener, "listener");
        if (!document.isObject()) {
            return submit(document);
        }
        ObjectNode withId = ((ObjectNode) document).deepCopy();
        if (!withId.hasNonNull("workflow_id")) {
            withId.put("workflow_id", "wf-" + UUID.randomUUID());
        }
        Followers.Follower follower = followers.add(withId.get("workflow_id").asText(), listener);
        return submit(withId).whenComplete((id, error) -> {
            if (error != null) {
                followers.remove(follower);
            }
        });
    }

    /** {@link #submit(JsonNode, WorkflowListener)} for a built workflow. */
    public CompletableFuture<String> submit(WorkflowDocument document, WorkflowListener listener) {
        return submit(Objects.requireNonNull(document, "document").toJson(), listener);
    }

    /** The workflow's status: the fold of its events. Unknown ids fail with {@code not_found}. */
    public CompletableFuture<WorkflowSnapshot> status(String workflowId) {
        return request(EventNames.WORKFLOW_STATUS, new WorkflowRequest(workflowId), reply -> convert(
                reply.field("workflow").orElseThrow(() -> badAnswer("workflow:status", "workflow")),
                WorkflowSnapshot.class));
    }

    /** Cancels a running workflow; running tasks get {@code task:cancel}. */
    public CompletableFuture<Void> cancel(String workflowId, String reason) {
        return request(EventNames.WORKFLOW_CANCEL, new WorkflowCancelRequest(workflowId, reason), reply -> null);
    }

    /**
     * The newest workflows first.
     *
     * @param status only those in this status ({@code running}, {@code completed}, {@code failed},
     *               {@code cancelled}), or {@code null} for all
     * @param limit  at most this many, or {@code null} for the hub's default
     */
    public CompletableFuture<List<WorkflowListing>> list(String status, Integer limit) {
        return request(EventNames.WORKFLOW_LIST, new WorkflowListRequest(status, limit), reply -> List.of(convert(
                reply.field("workflows").orElseThrow(() -> badAnswer("workflow:list", "workflows")),
                WorkflowListing[].class)));
    }

    /**
     * Follows a workflow's room events. The future holds the subscription once the hub confirmed it; a workflow
     * that had already finished gets {@code onCompleted} (made from its status) right away. A workflow submitted a
     * moment ago may not be recorded yet: {@code not_found} is retried for {@link ClientOptions#visibilityTimeout()},
     * and so is a connection lost meanwhile (the client reconnects, to another hub when it knows several). Once
     * subscribed, a reconnect subscribes again by itself.
     */
    public CompletableFuture<Subscription> subscribe(String workflowId, WorkflowListener listener) {
        Objects.requireNonNull(listener, "listener");
        Followers.Follower follower = followers.add(Objects.requireNonNull(workflowId, "workflowId"), listener);
        CompletableFuture<String> status = new CompletableFuture<>();
        subscribeUntilVisible(workflowId, System.nanoTime() + options.visibilityTimeout().toNanos(), status);
        return status.thenApply(s -> {
                    if (TERMINAL.contains(s)) {
                        deliverFinished(workflowId);
                    }
                    return (Subscription) new FollowerSubscription(follower, s);
                })
                .whenComplete((s, error) -> {
                    if (error != null) {
                        followers.remove(follower);
                    }
                });
    }

    private void subscribeUntilVisible(String workflowId, long deadline, CompletableFuture<String> status) {
        request(EventNames.WORKFLOW_SUBSCRIBE, new WorkflowRequest(workflowId),
                reply -> reply.field("status").map(JsonNode::asText).orElse("running"))
                .whenComplete((s, error) -> {
                    if (error == null) {
                        status.complete(s);
                    } else if (unwrap(error) instanceof GleitzeitClientException e && retriesSubscribe(e.code())
                            && System.nanoTime() < deadline && !closed) {
                        scheduler.schedule(() -> subscribeUntilVisible(workflowId, deadline, status),
                                VISIBILITY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    } else {
                        status.completeExceptionally(unwrap(error));
                    }
                });
    }

    /**
     * Not visible yet, or the connection dropped while asking (the client reconnects, to another hub when it has
     * several): worth asking again.
     */
    private static boolean retriesSubscribe(String code) {
        return AckError.NOT_FOUND.equals(code) || GleitzeitClientException.DISCONNECTED.equals(code);
    }

    /** The workflow's {@code workflow:completed} payload, whatever the outcome (completed, failed, cancelled). */
    public CompletableFuture<WorkflowCompletedNotice> awaitResult(String workflowId) {
        CompletableFuture<WorkflowCompletedNotice> result = new CompletableFuture<>();
        subscribe(workflowId, new WorkflowListener() {
            @Override
            public void onCompleted(WorkflowCompletedNotice completed) {
                result.complete(completed);
            }
        }).whenComplete((subscription, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.whenComplete((r, e) -> subscription.close());
            }
        });
        return result;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        failPending(GleitzeitClientException.CLOSED, "the client was closed");
        scheduler.shutdownNow();
        events.shutdown();
        try {
            events.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> request(String event, Object payload, Function<AckReply, T> answer) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new GleitzeitClientException(GleitzeitClientException.CLOSED,
                    "the client was closed"));
            return future;
        }
        pending.add(future);
        future.whenComplete((r, e) -> pending.remove(future));
        boolean sent = connection.request(event, payload, (reply, error) -> {
            if (error != null) {
                future.completeExceptionally(badAnswer(event, "the answer (" + error.getMessage() + ")"));
            } else if (!reply.ok()) {
                future.completeExceptionally(GleitzeitClientException.of(reply.error()));
            } else {
                try {
                    future.complete(answer.apply(reply));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        });
        if (!sent) {
            future.completeExceptionally(new GleitzeitClientException(GleitzeitClientException.DISCONNECTED,
                    "not connected to a hub (reconnecting)"));
            return future;
        }
        scheduler.schedule(() -> future.completeExceptionally(new GleitzeitClientException(
                GleitzeitClientException.TIMEOUT, event + " got no answer within " + options.requestTimeout())),
                options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return future;
    }

    private void completed(WorkflowCompletedNotice notice) {
        if (followers.completed(notice)) {
            leaveRoom(notice.workflowId());
        }
    }

    /** Nobody here follows the workflow any more: leave its room (the answer does not matter). */
    private void leaveRoom(String workflowId) {
        if (!closed && connection.isConnected()) {
            request(EventNames.WORKFLOW_UNSUBSCRIBE, new WorkflowRequest(workflowId), reply -> null)
                    .exceptionally(error -> null);
        }
    }

    /** Fetches the finished workflow's status and delivers its {@code onCompleted} to followers still waiting. */
    private void deliverFinished(String workflowId) {
        status(workflowId).thenAccept(snapshot -> {
            if (snapshot.isFinished()) {
                WorkflowCompletedNotice notice = Followers.completedFrom(snapshot);
                events.execute(() -> {
                    boolean noneLeft = false;
                    for (Followers.Follower f : followers.of(workflowId)) {
                        noneLeft = followers.completeOnce(f, notice);
                    }
                    if (noneLeft) {
                        leaveRoom(workflowId);
                    }
                });
            }
        }).exceptionally(error -> {
            log.warn("could not read the status of finished workflow {}: {}", workflowId, error.getMessage());
            return null;
        });
    }

    private void failPending(String code, String message) {
        for (CompletableFuture<?> f : List.copyOf(pending)) {
            f.completeExceptionally(new GleitzeitClientException(code, message));
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new GleitzeitClientException("bad_answer", "cannot read " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private static GleitzeitClientException badAnswer(String event, String what) {
        return new GleitzeitClientException("bad_answer", "the hub's answer to " + event + " lacks " + what);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Routes one room event to the followers of its workflow, on the event thread. */
    private void route(String event, Object payload) {
        try {
            switch (event) {
                case EventNames.WORKFLOW_STARTED -> followers.started(json.in(payload, WorkflowStartedNotice.class));
                case EventNames.TASK_STATUS -> followers.taskStatus(json.in(payload, TaskStatusNotice.class));
                case EventNames.TASK_PROGRESS -> followers.taskProgress(json.in(payload, TaskProgressReport.class));
                case EventNames.TASK_COMPLETED -> followers.taskCompleted(json.in(payload, TaskCompletedNotice.class));
                case EventNames.TASK_FAILED -> followers.taskFailed(json.in(payload, TaskFailedNotice.class));
                case EventNames.WORKFLOW_CANCELLED ->
                        followers.cancelled(json.in(payload, WorkflowCancelledNotice.class));
                case EventNames.WORKFLOW_COMPLETED ->
                        completed(json.in(payload, WorkflowCompletedNotice.class));
                default -> log.debug("ignored event {}", event);
            }
        } catch (Exception e) {
            log.warn("dropped a malformed {} event: {}", event, e.getMessage());
        }
    }

    private final class ConnectionListener implements HubConnection.Listener {
        @Override
        public void onConnected(URI hub, boolean first) {
            if (first) {
                return;
            }
            // The new connection is in no room yet: subscribe again to everything followed. A workflow this client
            // follows exists, but a hub may not see it yet: when the replica that took its submission died, the
            // submission waits until another replica claims it, so not_found is retried for longer than on a first
            // subscribe.
            long deadline = System.nanoTime() + Math.max(options.visibilityTimeout().toNanos(),
                    REFOLLOW_VISIBILITY.toNanos());
            for (String workflowId : followers.workflows()) {
                CompletableFuture<String> status = new CompletableFuture<>();
                subscribeUntilVisible(workflowId, deadline, status);
                status.thenAccept(s -> {
                    events.execute(() -> followers.reconnected(workflowId));
                    if (TERMINAL.contains(s)) {
                        deliverFinished(workflowId);
                    }
                }).exceptionally(error -> {
                    log.warn("could not follow workflow {} again on {}: {}", workflowId, hub,
                            unwrap(error).getMessage());
                    return null;
                });
            }
        }

        @Override
        public void onLost(String reason) {
            failPending(GleitzeitClientException.DISCONNECTED, reason);
            events.execute(followers::lost);
        }

        @Override
        public void onEvent(String event, Object payload) {
            if (!closed) {
                events.execute(() -> route(event, payload));
            }
        }
    }

    private final class FollowerSubscription implements Subscription {
        private final Followers.Follower follower;
        private final String initialStatus;

        FollowerSubscription(Followers.Follower follower, String initialStatus) {
            this.follower = follower;
            this.initialStatus = initialStatus;
        }

        @Override
        public String workflowId() {
            return follower.workflowId;
        }

        @Override
        public String initialStatus() {
            return initialStatus;
        }

        @Override
        public void close() {
            if (followers.remove(follower)) {
                leaveRoom(follower.workflowId);
            }
        }
    }
}
