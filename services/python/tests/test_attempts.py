import threading
import unittest

from gleitzeit_sdk import TaskCancelled, TaskContext
from gleitzeit_sdk._attempts import Attempt, AttemptLedger, State
from gleitzeit_sdk._link import backoff_delay
from gleitzeit_sdk._outbox import Outbox
from gleitzeit_sdk._scheduler import Scheduler
from gleitzeit_sdk._wire import Assignment


def attempt(task_id="t", number=1):
    return Attempt(Assignment.from_wire({"task_id": task_id, "attempt": number}), None, TaskContext(task_id))


class AttemptLedgerTest(unittest.TestCase):
    def test_a_key_is_new_once_then_running_then_finished(self):
        ledger = AttemptLedger(10)

        self.assertEqual(ledger.admit("t:1"), AttemptLedger.NEW)
        self.assertEqual(ledger.admit("t:1"), AttemptLedger.RUNNING)
        ledger.finish("t:1")
        self.assertEqual(ledger.admit("t:1"), AttemptLedger.FINISHED)
        self.assertEqual(ledger.admit("t:2"), AttemptLedger.NEW)

    def test_finished_keys_are_remembered_up_to_the_bound_oldest_forgotten_first(self):
        ledger = AttemptLedger(2)
        for key in ("a", "b", "c"):
            ledger.admit(key)
            ledger.finish(key)

        self.assertEqual(ledger.finished_count(), 2)
        self.assertEqual(ledger.admit("a"), AttemptLedger.NEW)
        self.assertEqual(ledger.admit("c"), AttemptLedger.FINISHED)


class AttemptTest(unittest.TestCase):
    def test_only_the_first_outcome_wins(self):
        a = attempt()
        self.assertTrue(a.start())

        self.assertTrue(a.finish(State.TIMED_OUT))
        self.assertFalse(a.finish(State.COMPLETED))
        self.assertEqual(a.state, State.TIMED_OUT)

    def test_an_attempt_ended_while_queued_does_not_start(self):
        a = attempt()
        a.finish(State.CANCELLED)

        self.assertFalse(a.start())

    def test_cancellation_and_timeout_tell_the_function_to_stop_but_completion_does_not(self):
        for outcome, stopped in ((State.CANCELLED, True), (State.TIMED_OUT, True), (State.FAILED, True),
                                 (State.COMPLETED, False)):
            a = attempt()
            a.start()
            a.finish(outcome)
            self.assertEqual(a.context.cancelled, stopped, outcome)

    def test_finishing_cancels_the_timer(self):
        a = attempt()
        timer = Scheduler().schedule(3600, lambda: None)
        a.timer = timer

        a.finish(State.COMPLETED)

        self.assertTrue(timer.cancelled)

    def test_only_outcomes_can_finish_an_attempt(self):
        with self.assertRaises(ValueError):
            attempt().finish(State.RUNNING)


class TaskContextTest(unittest.TestCase):
    def test_progress_is_clamped_and_chunks_carry_the_last_percent(self):
        reports = []
        context = TaskContext("t", progress_sink=lambda *report: reports.append(report))

        context.progress(150, "almost")
        context.chunk("text")
        context.chunk("")

        self.assertEqual(reports, [(100.0, "almost", None), (100.0, None, "text")])

    def test_nothing_is_reported_after_cancellation_and_check_cancelled_raises(self):
        reports = []
        context = TaskContext("t", attempt=2, progress_sink=lambda *report: reports.append(report))
        context._stop()

        context.progress(10)
        self.assertEqual(reports, [])
        self.assertTrue(context.wait(60))  # returns at once: cancelled
        with self.assertRaises(TaskCancelled) as raised:
            context.check_cancelled()
        self.assertEqual(str(raised.exception), "task t attempt 2 was cancelled")

    def test_wait_wakes_when_the_attempt_is_cancelled_from_another_thread(self):
        context = TaskContext("t")
        threading.Thread(target=context._stop).start()

        self.assertTrue(context.wait(60))


class OutboxTest(unittest.TestCase):
    def test_a_report_stays_until_acknowledged_and_the_same_key_replaces(self):
        outbox = Outbox()
        outbox.put("completed:t:1", "task:completed", {"result": 1})
        outbox.put("completed:t:1", "task:completed", {"result": 2})
        outbox.put("failed:u:1", "task:failed", {})

        self.assertEqual(len(outbox), 2)
        outbox.acknowledged("completed:t:1")
        self.assertNotIn("completed:t:1", outbox)
        self.assertEqual([r.key for r in outbox.all()], ["failed:u:1"])


class BackoffTest(unittest.TestCase):
    def test_the_delay_doubles_per_failure_up_to_the_maximum(self):
        self.assertEqual([backoff_delay(n, 0.5, 3.0) for n in (0, 1, 2, 3, 4, 100)], [0.5, 0.5, 1.0, 2.0, 3.0, 3.0])


class SchedulerTest(unittest.TestCase):
    def setUp(self):
        self.scheduler = Scheduler()
        self.addCleanup(self.scheduler.stop)

    def test_actions_run_in_order_of_their_time(self):
        ran = []
        done = threading.Event()
        self.scheduler.schedule(0.05, lambda: (ran.append("later"), done.set()))
        self.scheduler.schedule(0, lambda: ran.append("first"))

        self.assertTrue(done.wait(10))
        self.assertEqual(ran, ["first", "later"])

    def test_a_cancelled_action_does_not_run(self):
        ran = []
        done = threading.Event()
        self.scheduler.schedule(0, lambda: ran.append("cancelled")).cancel()
        self.scheduler.schedule(0.02, done.set)

        self.assertTrue(done.wait(10))
        self.assertEqual(ran, [])

    def test_a_failing_action_does_not_stop_the_others(self):
        done = threading.Event()

        with self.assertLogs("gleitzeit_sdk", "ERROR") as logs:
            self.scheduler.schedule(0, lambda: 1 / 0)
            self.scheduler.schedule(0.01, done.set)
            self.assertTrue(done.wait(10))
        self.assertIn("a scheduled action failed", logs.output[0])

    def test_repeated_actions_repeat_until_cancelled(self):
        count = []
        three = threading.Event()

        def tick():
            count.append(1)
            if len(count) == 3:
                three.set()
        handle = self.scheduler.every(0.01, tick)

        self.assertTrue(three.wait(10))
        handle.cancel()


if __name__ == "__main__":
    unittest.main()
