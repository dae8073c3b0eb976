"""The attempts a service holds: each one's single outcome, and which idempotency keys were already seen."""

import enum
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Optional, Set

from ._wire import Assignment
from .context import TaskContext


class State(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self not in (State.QUEUED, State.RUNNING)


class Attempt:
    """One attempt from assignment to its single outcome. Exactly one of completion, failure, timeout or
    cancellation wins :meth:`finish`; only the winner reports, so a timed-out or cancelled attempt never also
    completes."""

    def __init__(self, assignment: Assignment, deadline: Optional[datetime], context: TaskContext) -> None:
        self.assignment = assignment
        self.deadline = deadline
        self.context = context
        self.timer = None  # a scheduler handle, cancelled when the attempt ends
        self._lock = threading.Lock()
        self._state = State.QUEUED

    @property
    def key(self) -> str:
        return self.assignment.idempotency_key

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def start(self) -> bool:
        """Queued to running; false when the attempt already ended (cancelled or timed out while waiting)."""
        with self._lock:
            if self._state is not State.QUEUED:
                return False
            self._state = State.RUNNING
            return True

    def finish(self, outcome: State) -> bool:
        """Ends the attempt; true only for the first caller. Any outcome but completion tells the function to stop."""
        if not outcome.final:
            raise ValueError("not an outcome: %s" % outcome)
        with self._lock:
            if self._state.final:
                return False
            self._state = outcome
            timer = self.timer
        if timer is not None:
            timer.cancel()
        if outcome is not State.COMPLETED:
            self.context._stop()
        return True


class AttemptLedger:
    """Which idempotency keys (``task_id:attempt``) are running or finished, so a repeated ``task:assign`` never runs
    an attempt twice. Finished keys are remembered up to a bound, oldest forgotten first."""

    NEW = "new"
    RUNNING = "running"
    FINISHED = "finished"

    def __init__(self, finished_capacity: int) -> None:
        if finished_capacity < 1:
            raise ValueError("finished_capacity must be at least 1")
        self._capacity = finished_capacity
        self._lock = threading.Lock()
        self._running: Set[str] = set()
        self._finished: "OrderedDict[str, None]" = OrderedDict()

    def admit(self, key: str) -> str:
        """Admits a never-seen key as running (``NEW``); otherwise says ``RUNNING`` or ``FINISHED``."""
        with self._lock:
            if key in self._running:
                return self.RUNNING
            if key in self._finished:
                return self.FINISHED
            self._running.add(key)
            return self.NEW

    def finish(self, key: str) -> None:
        with self._lock:
            self._running.discard(key)
            self._finished[key] = None
            self._finished.move_to_end(key)
            while len(self._finished) > self._capacity:
                self._finished.popitem(last=False)

    def finished_count(self) -> int:
        with self._lock:
            return len(self._finished)
