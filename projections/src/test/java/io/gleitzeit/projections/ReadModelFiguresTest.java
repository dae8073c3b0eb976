package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.projections.load.EndpointLoad;
import io.gleitzeit.projections.load.LoadAnomalies;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.load.ServiceLoad;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.projections.registry.ServiceStatus;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.projections.workflows.WorkflowSummary;
import io.gleitzeit.projections.workflows.WorkflowTotals;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The figures of each read model after the shared workload (retries, a failure, a cancellation, a disconnect). */
class ReadModelFiguresTest extends ProjectionTestSupport {

    @BeforeEach
    void projectTheWorkload() {
        Projector projector = startProjector("p1");
        Scenario.play(history);
        awaitCaughtUp(projector);
    }

    @Nested
    class ServiceRegistry {
        @Test
        void listsEveryRegisteredServiceWithWhatItOffersAndWhetherItIsConnected() {
            List<ServiceRecord> services = new ServiceRegistryView(reads, layout).services().toCompletableFuture()
                    .join();

            assertThat(services).extracting(ServiceRecord::serviceId).containsExactly("svc-fn", "svc-llm");
            ServiceRecord fn = services.get(0);
            assertThat(fn.status()).isEqualTo(ServiceStatus.CONNECTED);
            assertThat(fn.serviceType()).isEqualTo("function");
            assertThat(fn.maxConcurrent()).isEqualTo(4);
            assertThat(fn.taskTypes()).containsExactly("python_execution");
            assertThat(fn.registeredAt()).isEqualTo(EventHistory.T0.plusSeconds(1));
            assertThat(fn.disconnectedAt()).isNull();
        }

        @Test
        void marksADisconnectedServiceAndKeepsItsEndpoints() {
            ServiceRecord llm = new ServiceRegistryView(reads, layout).service("svc-llm").toCompletableFuture()
                    .join().orElseThrow();

            assertThat(llm.status()).isEqualTo(ServiceStatus.DISCONNECTED);
            assertThat(llm.disconnectReason()).isEqualTo("socket closed");
            assertThat(llm.lastSeenAt()).isEqualTo(llm.disconnectedAt());
            assertThat(llm.endpoints()).extracting(e -> e.endpointId()).containsExactly("gpu-a", "gpu-b");
            assertThat(new ServiceRegistryView(reads, layout).connected().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).containsExactly("svc-fn");
        }
    }

    @Nested
    class Load {
        @Test
        void countsInFlightOutcomesAndLatencyPerService() {
            LoadView view = new LoadView(reads, layout);

            ServiceLoad fn = view.service("svc-fn").toCompletableFuture().join().orElseThrow();
            ServiceLoad llm = view.service("svc-llm").toCompletableFuture().join().orElseThrow();

            // svc-fn: A completed (100 ms), R failed, R's retry timed out, F still running
            assertThat(fn).isEqualTo(new ServiceLoad("svc-fn", 1, 4, 1, 2, 100.0));
            // svc-llm: B completed (300 ms), C0 cancelled (no outcome), G failed by the disconnect; the late
            // result of G's first attempt was discarded and ends nothing
            assertThat(llm).isEqualTo(new ServiceLoad("svc-llm", 0, 2, 1, 1, 300.0));
        }

        @Test
        void keepsEndpointFiguresFromDispatchesAndReports() {
            List<EndpointLoad> endpoints = new LoadView(reads, layout).endpoints().toCompletableFuture().join();

            assertThat(endpoints).extracting(EndpointLoad::endpointId).containsExactly("gpu-a", "gpu-b");
            EndpointLoad a = endpoints.get(0);
            assertThat(a.url()).isEqualTo("http://a:11434");
            assertThat(a.inFlight()).isZero();
            assertThat(a.capacity()).isEqualTo(2);
            assertThat(a.priority()).isEqualTo(4);
            assertThat(a.tags()).containsExactly("fast");
            assertThat(a.tasksDispatched()).as("B and G").isEqualTo(2);
            assertThat(a.tasksCompleted()).isEqualTo(1);
            assertThat(a.tasksFailed()).isEqualTo(1);
            assertThat(a.ewmaLatencyMs()).isEqualTo(300.0);
            assertThat(a.healthy()).isTrue();
            assertThat(a.loadedModels()).containsExactly("llama3");
            assertThat(a.vramUsedBytes()).isEqualTo(8_000_000_000L);
            assertThat(a.vramTotalBytes()).isEqualTo(24_000_000_000L);
            EndpointLoad b = endpoints.get(1);
            assertThat(b.inFlight()).isZero();
            assertThat(b.capacity()).isEqualTo(1);
            assertThat(b.priority()).as("declared none").isZero();
            assertThat(b.tags()).isEmpty();
            assertThat(b.tasksCompleted() + b.tasksFailed()).isZero();
            assertThat(b.tasksDispatched()).as("C0, cancelled: a dispatch all the same").isEqualTo(1);
            assertThat(b.reportedAt()).isNull();
        }

        @Test
        void measuresLatencyFromDispatchToCompletionWhenNoDurationWasReported() {
            history.register("svc-x", "function", 1, List.of("python_execution"));
            history.submit(io.gleitzeit.state.testing.Workflows.workflow("wf-x").function("X", "f").function("Y", "f")
                    .build());
            history.commit("wf-x", new io.gleitzeit.event.TaskReady("wf-x/0", 1));
            history.commit("wf-x", EventHistory.dispatched("wf-x/0", 1, "svc-x", null));
            // one second later (the history's clock), without duration_ms
            history.commit("wf-x", EventHistory.completed("wf-x/0", 1, "svc-x", null));
            history.commit("wf-x", new io.gleitzeit.event.TaskReady("wf-x/1", 1));
            history.commit("wf-x", EventHistory.dispatched("wf-x/1", 1, "svc-x", null));
            history.commit("wf-x", EventHistory.completed("wf-x/1", 1, "svc-x", 2000L));

            org.awaitility.Awaitility.await().untilAsserted(() ->
                    assertThat(new LoadView(reads, layout).service("svc-x").toCompletableFuture().join())
                            .hasValueSatisfying(l -> {
                                assertThat(l.tasksCompleted()).isEqualTo(2);
                                assertThat(l.ewmaLatencyMs()).isCloseTo(0.2 * 2000 + 0.8 * 1000,
                                        org.assertj.core.data.Offset.offset(1e-9));
                            }));
        }

        @Test
        void anAttemptTheServiceMovedToAnotherEndpointCountsThereUntilItEnds() {
            history.register("svc-y", "llm", 4, List.of("llm_generation"),
                    new EndpointInfo("e1", "http://e1:11434", List.of(), null, 2),
                    new EndpointInfo("e2", "http://e2:11434", List.of(), null, 2));
            history.submit(io.gleitzeit.state.testing.Workflows.workflow("wf-y").function("Y", "f").build());
            history.commit("wf-y", new TaskReady("wf-y/0", 1));
            history.commit("wf-y", EventHistory.dispatched("wf-y/0", 1, "svc-y", "e1"));
            LoadView view = new LoadView(reads, layout);

            // when the service fails over from e1 to e2 within the attempt
            history.commit("wf-y", new TaskEndpointSwitched("wf-y/0", 1, "e1", "e2"));

            // then e2 holds the slot, and only e1 was dispatched to
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                assertThat(view.endpoint("svc-y", "e1").toCompletableFuture().join()).hasValueSatisfying(e -> {
                    assertThat(e.inFlight()).isZero();
                    assertThat(e.tasksDispatched()).isEqualTo(1);
                });
                assertThat(view.endpoint("svc-y", "e2").toCompletableFuture().join()).hasValueSatisfying(e -> {
                    assertThat(e.inFlight()).isEqualTo(1);
                    assertThat(e.tasksDispatched()).isZero();
                });
                assertThat(view.service("svc-y").toCompletableFuture().join().orElseThrow().inFlight())
                        .isEqualTo(1);
            });

            // and the completion frees e2 and counts there, with its latency
            history.commit("wf-y", new TaskCompleted("wf-y/0", 1, JsonNodeFactory.instance.textNode("ok"), null,
                    500L, "svc-y", "e2"));
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                EndpointLoad e1 = view.endpoint("svc-y", "e1").toCompletableFuture().join().orElseThrow();
                EndpointLoad e2 = view.endpoint("svc-y", "e2").toCompletableFuture().join().orElseThrow();
                assertThat(e1.inFlight()).isZero();
                assertThat(e1.tasksCompleted()).isZero();
                assertThat(e1.ewmaLatencyMs()).isNull();
                assertThat(e2.inFlight()).isZero();
                assertThat(e2.tasksCompleted()).isEqualTo(1);
                assertThat(e2.ewmaLatencyMs()).isEqualTo(500.0);
            });
            assertThat(view.anomalies().toCompletableFuture().join()).isEqualTo(new LoadAnomalies(0, 0));
        }

        @Test
        void aCompletionNamingAnotherEndpointThanTheDispatchCountsWhereTheWorkWasDone() {
            // a failover whose report was not recorded before the completion: the completion's endpoint_id decides
            history.register("svc-z", "llm", 4, List.of("llm_generation"),
                    new EndpointInfo("e1", "http://e1:11434", List.of(), null, 2),
                    new EndpointInfo("e2", "http://e2:11434", List.of(), null, 2));
            history.submit(io.gleitzeit.state.testing.Workflows.workflow("wf-z").function("Z", "f").build());
            history.commit("wf-z", new TaskReady("wf-z/0", 1));
            history.commit("wf-z", EventHistory.dispatched("wf-z/0", 1, "svc-z", "e1"));
            history.commit("wf-z", new TaskCompleted("wf-z/0", 1, JsonNodeFactory.instance.textNode("ok"), null,
                    300L, "svc-z", "e2"));

            LoadView view = new LoadView(reads, layout);
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                EndpointLoad e1 = view.endpoint("svc-z", "e1").toCompletableFuture().join().orElseThrow();
                EndpointLoad e2 = view.endpoint("svc-z", "e2").toCompletableFuture().join().orElseThrow();
                assertThat(e1.inFlight()).isZero();
                assertThat(e1.tasksCompleted()).isZero();
                assertThat(e2.inFlight()).isZero();
                assertThat(e2.tasksCompleted()).isEqualTo(1);
                assertThat(e2.ewmaLatencyMs()).isEqualTo(300.0);
            });
        }

        @Test
        void reportsNoAnomaliesForAConsistentHistory() {
            assertThat(new LoadView(reads, layout).anomalies().toCompletableFuture().join())
                    .isEqualTo(new LoadAnomalies(0, 0));
        }
    }

    @Nested
    class WorkflowSummariesModel {
        @Test
        void summarisesEachWorkflowWithTaskCountsByStatus() {
            WorkflowSummary running = new WorkflowSummaries(reads, layout).get("wf-running").toCompletableFuture()
                    .join().orElseThrow();

            assertThat(running.name()).isEqualTo("running");
            assertThat(running.status()).isEqualTo(WorkflowStatus.RUNNING);
            assertThat(running.totalTasks()).isEqualTo(4);
            assertThat(running.count(TaskStatus.READY)).isEqualTo(2);
            assertThat(running.count(TaskStatus.RETRY_WAITING)).isEqualTo(1);
            assertThat(running.count(TaskStatus.RUNNING)).isEqualTo(1);
            assertThat(running.count(TaskStatus.PENDING)).isZero();
            assertThat(running.finishedAt()).isNull();
        }

        @Test
        void recordsTerminalStatusesAndWhenTheyWereReached() {
            WorkflowSummaries summaries = new WorkflowSummaries(reads, layout);

            WorkflowSummary ok = summaries.get("wf-ok").toCompletableFuture().join().orElseThrow();
            WorkflowSummary retry = summaries.get("wf-retry").toCompletableFuture().join().orElseThrow();
            WorkflowSummary cancel = summaries.get("wf-cancel").toCompletableFuture().join().orElseThrow();

            assertThat(ok.status()).isEqualTo(WorkflowStatus.COMPLETED);
            assertThat(ok.count(TaskStatus.COMPLETED)).isEqualTo(2);
            assertThat(ok.finishedAt()).isAfter(ok.submittedAt());
            assertThat(retry.status()).isEqualTo(WorkflowStatus.FAILED);
            assertThat(retry.count(TaskStatus.FAILED)).isEqualTo(1);
            assertThat(cancel.status()).isEqualTo(WorkflowStatus.CANCELLED);
            assertThat(cancel.count(TaskStatus.CANCELLED)).isEqualTo(2);
        }

        @Test
        void listsNewestFirstWithALimitAndByStatus() {
            WorkflowSummaries summaries = new WorkflowSummaries(reads, layout);

            assertThat(summaries.list(Optional.empty(), 3).toCompletableFuture().join())
                    .extracting(WorkflowSummary::workflowId).containsExactly("wf-running", "wf-cancel", "wf-retry");
            assertThat(summaries.list(Optional.of(WorkflowStatus.FAILED), 10).toCompletableFuture().join())
                    .extracting(WorkflowSummary::workflowId).containsExactly("wf-retry");
            assertThat(summaries.list(Optional.of(WorkflowStatus.RUNNING), 10).toCompletableFuture().join())
                    .extracting(WorkflowSummary::workflowId).containsExactly("wf-running");
        }

        @Test
        void totalsCountWorkflowsByStatusAndReadyTasksByPriority() {
            WorkflowTotals totals = new WorkflowSummaries(reads, layout).totals().toCompletableFuture().join();

            assertThat(totals.running()).isEqualTo(1);
            assertThat(totals.completed()).isEqualTo(1);
            assertThat(totals.failed()).isEqualTo(1);
            assertThat(totals.cancelled()).isEqualTo(1);
            assertThat(totals.queued()).containsEntry(Priority.URGENT, 1).containsEntry(Priority.LOW, 1)
                    .containsEntry(Priority.HIGH, 0).containsEntry(Priority.NORMAL, 0);
            assertThat(totals.totalQueued()).isEqualTo(2);
        }
    }
}
