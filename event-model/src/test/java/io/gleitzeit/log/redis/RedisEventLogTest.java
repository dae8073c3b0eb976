package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.NOW;
import static io.gleitzeit.log.redis.LogFixtures.append;
import static io.gleitzeit.log.redis.LogFixtures.appendBy;
import static io.gleitzeit.log.redis.LogFixtures.clusterEvent;
import static io.gleitzeit.log.redis.LogFixtures.command;
import static io.gleitzeit.log.redis.LogFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.AppendResult;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.FeedEntry;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.log.WrongExpectedVersionException;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class RedisEventLogTest {
    private KeyLayout keys;
    private RedisEventLog log;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(4));
        var connection = testRedis.connect();
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        redis = connection.sync();
    }

    private int partitionOf(String workflowId) {
        return keys.partitions().partitionOf(workflowId);
    }

    private static WrongExpectedVersionException conflictOf(Runnable append) {
        try {
            append.run();
        } catch (WrongExpectedVersionException e) {
            return e;
        }
        throw new AssertionError("the append was expected to conflict");
    }

    @Nested
    class Append {
        @Test
        void theFirstAppendWritesOneEntryPerCommitToTheWorkflowAndPartitionStreams() {
            AppendResult result = Await.result(log.append(append("wf-a", 0, 2)));

            assertThat(result.version()).isEqualTo(2);
            List<StreamMessage<String, String>> workflow = redis.xrange(keys.workflowStream("wf-a"), Range.unbounded());
            assertThat(workflow).singleElement().satisfies(m -> {
                assertThat(m.getId()).isEqualTo("1-0");
                assertThat(m.getBody()).containsEntry("n", "2").containsKey("e");
            });
            List<StreamMessage<String, String>> partition =
                    redis.xrange(keys.events(partitionOf("wf-a")), Range.unbounded());
            assertThat(partition).singleElement().satisfies(m -> {
                assertThat(m.getId()).isEqualTo(result.eventsPosition().redisId());
                assertThat(m.getBody()).containsEntry("wf", "wf-a").containsEntry("v", "1").containsEntry("n", "2")
                        .containsEntry("e", workflow.get(0).getBody().get("e"));
            });
        }

        @Test
        void theFirstAppendRegistersTheWorkflowAtItsSubmissionTime() {
            Await.result(log.append(append("wf-a", 0, 1)));

            assertThat(redis.zrangeWithScores(keys.workflows(partitionOf("wf-a")), 0, -1))
                    .containsExactly(ScoredValue.just(NOW.toEpochMilli(), "wf-a"));
        }

        @Test
        void anAppendAtTheCurrentVersionContinuesTheStream() {
            Await.result(log.append(append("wf-a", 0, 2)));

            AppendResult result = Await.result(log.append(append("wf-a", 2, 3)));

            assertThat(result.version()).isEqualTo(5);
            assertThat(redis.xrange(keys.workflowStream("wf-a"), Range.unbounded()))
                    .extracting(StreamMessage::getId).containsExactly("1-0", "3-0");
        }

        @Test
        void anAppendWithAStaleVersionIsRejectedWithTheActualVersion() {
            Await.result(log.append(append("wf-a", 0, 2)));
            Await.result(log.append(append("wf-a", 2, 3)));

            WrongExpectedVersionException conflict = conflictOf(() -> Await.result(log.append(append("wf-a", 2, 1))));

            assertThat(conflict.workflowId()).isEqualTo("wf-a");
            assertThat(conflict.expected()).isEqualTo(2);
            assertThat(conflict.actual()).isEqualTo(5);
            assertThat(conflict.isTransient()).isTrue();
        }

        @Test
        void expectingANewWorkflowIsRejectedWhenItExists() {
            Await.result(log.append(append("wf-a", 0, 1)));

            assertThat(conflictOf(() -> Await.result(log.append(appendBy("other", "wf-a", 0, 1)))).actual())
                    .isEqualTo(1);
        }

        @Test
        void repeatingTheSameCommitStoresItOnceAndAnswersWithItsPosition() {
            // What a client does when a reply was lost (a failover, a restart) and it sends the append again.
            AppendResult first = Await.result(log.append(append("wf-a", 0, 2)));
            Await.result(log.append(append("wf-a", 2, 1)));

            AppendResult repeated = Await.result(log.append(append("wf-a", 0, 2)));

            assertThat(repeated).isEqualTo(first);
            assertThat(redis.xlen(keys.workflowStream("wf-a"))).isEqualTo(2);
            assertThat(redis.xlen(keys.events(partitionOf("wf-a")))).isEqualTo(2);
        }

        @Test
        void expectingAVersionOfAMissingWorkflowIsRejectedAndCreatesNothing() {
            WrongExpectedVersionException conflict =
                    conflictOf(() -> Await.result(log.append(append("wf-a", 4, 1))));

            assertThat(conflict.actual()).isZero();
            assertThat(redis.exists(keys.workflowStream("wf-a"))).isZero();
            assertThat(redis.exists(keys.events(partitionOf("wf-a")))).isZero();
        }

        @Test
        void aRejectedAppendWritesNothing() {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-a/0", 1);
            Await.result(log.append(append("wf-a", 0, 1)));
            int partition = partitionOf("wf-a");

            conflictOf(() -> Await.result(log.append(appendBy("other", "wf-a", 0, 1,
                    List.of(new TimerChange.Schedule("wf-a", timeout, NOW)), ReadyQueueChange.WAITING))));

            assertThat(redis.xlen(keys.workflowStream("wf-a"))).isEqualTo(1);
            assertThat(redis.xlen(keys.events(partition))).isEqualTo(1);
            assertThat(redis.exists(keys.timers(partition), keys.waiting(partition))).isZero();
        }

        @Test
        void timersAreScheduledMovedAndCancelledWithTheEvents() {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-a/0", 1);
            FireTimer retry = new FireTimer(TimerKind.RETRY_DUE, "wf-a/1", 2);
            String timers = keys.timers(partitionOf("wf-a"));

            Await.result(log.append(append("wf-a", 0, 1, List.of(
                    new TimerChange.Schedule("wf-a", timeout, NOW.plusSeconds(30)),
                    new TimerChange.Schedule("wf-a", retry, NOW.plusSeconds(5))), ReadyQueueChange.UNCHANGED)));
            Await.result(log.append(append("wf-a", 1, 1, List.of(
                    new TimerChange.Schedule("wf-a", retry, NOW.plusSeconds(60)),
                    new TimerChange.Cancel("wf-a", timeout)), ReadyQueueChange.UNCHANGED)));

            assertThat(redis.zrangeWithScores(timers, 0, -1)).containsExactly(ScoredValue.just(
                    NOW.plusSeconds(60).toEpochMilli(), new TimerMember("wf-a", retry).encode()));
        }

        @Test
        void aWorkflowWaitingForCapacityIsIndexedUntilItStopsWaiting() {
            String waiting = keys.waiting(partitionOf("wf-a"));

            Await.result(log.append(append("wf-a", 0, 1, List.of(), ReadyQueueChange.WAITING)));
            List<String> whileWaiting = redis.zrange(waiting, 0, -1);
            Await.result(log.append(append("wf-a", 1, 1, List.of(), ReadyQueueChange.NOT_WAITING)));

            assertThat(whileWaiting).containsExactly("wf-a");
            assertThat(redis.zrange(waiting, 0, -1)).isEmpty();
        }

        @Test
        void aTimerOfAnotherWorkflowIsRefusedNamingTheField() {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-b/0", 1);

            assertThatThrownBy(() -> log.append(append("wf-a", 0, 1,
                    List.of(new TimerChange.Schedule("wf-b", timeout, NOW)), ReadyQueueChange.UNCHANGED)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timers[0].workflowId");
            assertThat(redis.exists(keys.workflowStream("wf-a"))).isZero();
        }

        @Test
        void concurrentWritersEachLandEveryCommitExactlyOnce() {
            int writers = 4;
            int commitsEach = 25;
            AtomicInteger conflicts = new AtomicInteger();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "writer-" + w;
                running.add(CompletableFuture.runAsync(() -> {
                    for (int landed = 0; landed < commitsEach; ) {
                        List<EventEnvelope<WorkflowEvent>> history = Await.result(log.readWorkflow("wf-a", 0));
                        try {
                            Await.result(log.append(appendBy(writer, "wf-a", history.size(), 1)));
                            landed++;
                        } catch (WrongExpectedVersionException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }

            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();

            List<EventEnvelope<WorkflowEvent>> history = Await.result(log.readWorkflow("wf-a", 0));
            assertThat(history).hasSize(writers * commitsEach);
            assertThat(history).extracting(EventEnvelope::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, writers * commitsEach)
                            .boxed().toList());
            assertThat(redis.xlen(keys.events(partitionOf("wf-a")))).isEqualTo(writers * commitsEach);
        }
    }

    @Nested
    class ReadWorkflow {
        @BeforeEach
        void threeCommits() {
            Await.result(log.append(append("wf-a", 0, 3)));
            Await.result(log.append(append("wf-a", 3, 2)));
            Await.result(log.append(append("wf-a", 5, 1)));
        }

        private List<Long> versionsAfter(long afterVersion) {
            return Await.result(log.readWorkflow("wf-a", afterVersion)).stream().map(EventEnvelope::version).toList();
        }

        @Test
        void readsTheWholeHistoryInOrder() {
            List<EventEnvelope<WorkflowEvent>> history = Await.result(log.readWorkflow("wf-a", 0));

            assertThat(history).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(
                    concat(events("wf-a", 1, 3), events("wf-a", 4, 2), events("wf-a", 6, 1)));
        }

        @Test
        void readsWhatCameAfterTheEndOfACommit() {
            assertThat(versionsAfter(3)).containsExactly(4L, 5L, 6L);
            assertThat(versionsAfter(5)).containsExactly(6L);
        }

        @Test
        void readsTheRestOfACommitWhenTheVersionFallsInsideIt() {
            assertThat(versionsAfter(1)).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(versionsAfter(2)).containsExactly(3L, 4L, 5L, 6L);
            assertThat(versionsAfter(4)).containsExactly(5L, 6L);
        }

        @Test
        void readsNothingAfterTheLastVersion() {
            assertThat(versionsAfter(6)).isEmpty();
            assertThat(versionsAfter(40)).isEmpty();
        }

        @Test
        void readsNothingOfAnUnknownWorkflow() {
            assertThat(Await.result(log.readWorkflow("wf-unknown", 0))).isEmpty();
        }

        @Test
        void refusesANegativeVersion() {
            assertThatThrownBy(() -> log.readWorkflow("wf-a", -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("afterVersion");
        }

        private static List<EventEnvelope<WorkflowEvent>> concat(List<EventEnvelope<WorkflowEvent>> a,
                                                                 List<EventEnvelope<WorkflowEvent>> b,
                                                                 List<EventEnvelope<WorkflowEvent>> c) {
            List<EventEnvelope<WorkflowEvent>> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        }
    }

    @Nested
    class ReadPartition {
        private final List<String> workflows = new ArrayList<>();

        @BeforeEach
        void threeWorkflowsOfPartitionZero() {
            for (int i = 0; workflows.size() < 3; i++) {
                if (partitionOf("wf-" + i) == 0) {
                    workflows.add("wf-" + i);
                }
            }
            for (String wf : workflows) {
                Await.result(log.append(append(wf, 0, 2)));
            }
            Await.result(log.append(append(workflows.get(0), 2, 1)));
        }

        @Test
        void readsTheCommitsOfThePartitionInAppendOrder() {
            List<Commit> commits = Await.result(log.readPartition(0, StreamPosition.FIRST, 10));

            assertThat(commits).extracting(Commit::workflowId, Commit::firstVersion, Commit::lastVersion)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(workflows.get(0), 1L, 2L),
                            org.assertj.core.groups.Tuple.tuple(workflows.get(1), 1L, 2L),
                            org.assertj.core.groups.Tuple.tuple(workflows.get(2), 1L, 2L),
                            org.assertj.core.groups.Tuple.tuple(workflows.get(0), 3L, 3L));
        }

        @Test
        void readsOnlyAfterTheGivenPositionAndUpToTheLimit() {
            List<Commit> all = Await.result(log.readPartition(0, StreamPosition.FIRST, 10));

            List<Commit> page = Await.result(log.readPartition(0, all.get(0).position(), 2));

            assertThat(page).extracting(Commit::position).containsExactly(all.get(1).position(), all.get(2).position());
            assertThat(Await.result(log.readPartition(0, StreamPosition.LATEST, 10))).isEmpty();
        }

        @Test
        void listsTheWorkflowsBySubmission() {
            assertThat(Await.result(log.listWorkflows(0, 0, 10))).containsExactlyInAnyOrderElementsOf(workflows);
            assertThat(Await.result(log.listWorkflows(0, 1, 1))).hasSize(1);
            assertThat(Await.result(log.listWorkflows(0, 3, 10))).isEmpty();
        }
    }

    @Nested
    class Commands {
        @Test
        void aSentCommandIsOneEntryOfItsPartitionsCommandStream() {
            var sent = command("wf-a", "report-1");

            StreamPosition position = Await.result(log.send(sent));

            List<StreamMessage<String, String>> entries =
                    redis.xrange(keys.commands(partitionOf("wf-a")), Range.unbounded());
            assertThat(entries).singleElement().satisfies(m -> {
                assertThat(m.getId()).isEqualTo(position.redisId());
                assertThat(m.getBody()).containsOnlyKeys("wf", "c").containsEntry("wf", "wf-a");
            });
            FeedEntry read = log.decoder().feedEntry(StreamEntry.of(keys.commands(partitionOf("wf-a")),
                    entries.get(0)));
            assertThat(read).isEqualTo(new FeedEntry.Sent(position, sent));
        }
    }

    @Nested
    class ClusterEvents {
        @Test
        void areReadBackInOrderAfterAPosition() {
            StreamPosition first = Await.result(log.appendClusterEvent(clusterEvent("c1")));
            Await.result(log.appendClusterEvent(clusterEvent("c2")));
            Await.result(log.appendClusterEvent(clusterEvent("c3")));

            var all = Await.result(log.readClusterEvents(StreamPosition.FIRST, 10));
            var afterFirst = Await.result(log.readClusterEvents(first, 1));

            assertThat(all).extracting(p -> p.value().eventId()).containsExactly("c1", "c2", "c3");
            assertThat(all.get(0).value()).isEqualTo(clusterEvent("c1"));
            assertThat(afterFirst).extracting(p -> p.value().eventId()).containsExactly("c2");
        }
    }

    @Test
    void aStageFailsWithAPermanentFailureWhenRedisRefuses() {
        redis.set(keys.workflowStream("wf-a"), "not a stream");

        Throwable failure = log.append(append("wf-a", 0, 1)).toCompletableFuture()
                .handle((result, error) -> error instanceof CompletionException ? error.getCause() : error)
                .join();

        assertThat(failure).isInstanceOf(GleitzeitException.class).hasMessageContaining("WRONGTYPE");
        assertThat(((GleitzeitException) failure).isTransient()).isFalse();
    }

    @Test
    void appendRequestsAreValidatedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new AppendRequest("wf-a", AppendCondition.expectVersion(1),
                events("wf-a", 1, 1), List.of(), ReadyQueueChange.UNCHANGED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutive versions from 2");
    }
}
