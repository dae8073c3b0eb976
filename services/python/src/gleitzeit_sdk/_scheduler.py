"""One daemon thread running delayed actions (timeouts, re-sends, heartbeats), instead of a thread per timer."""

import heapq
import itertools
import logging
import threading
import time
from typing import Callable, List, Optional, Tuple

log = logging.getLogger("gleitzeit_sdk")


class Scheduled:
    """A handle to cancel a scheduled action."""

    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    def __init__(self, name: str = "gleitzeit-scheduler", clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._condition = threading.Condition()
        self._queue: List[Tuple[float, int, Scheduled, Callable[[], None]]] = []
        self._sequence = itertools.count()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def schedule(self, delay: float, action: Callable[[], None]) -> Scheduled:
        """Runs ``action`` after ``delay`` seconds on the scheduler's thread; nothing once stopped."""
        handle = Scheduled()
        with self._condition:
            if self._stopped:
                handle.cancel()
                return handle
            heapq.heappush(self._queue, (self._clock() + max(0.0, delay), next(self._sequence), handle, action))
            self._condition.notify()
        return handle

    def every(self, interval: float, action: Callable[[], None]) -> Scheduled:
        """Runs ``action`` every ``interval`` seconds, the first time after one interval, until cancelled."""
        handle = Scheduled()

        def tick() -> None:
            if handle.cancelled:
                return
            try:
                action()
            finally:
                if not handle.cancelled:
                    inner = self.schedule(interval, tick)
                    if inner.cancelled:
                        handle.cancel()
        self.schedule(interval, tick)
        return handle

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._queue.clear()
            self._condition.notify()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def _run(self) -> None:
        while True:
            with self._condition:
                action: Optional[Callable[[], None]] = None
                while action is None:
                    if self._stopped:
                        return
                    if not self._queue:
                        self._condition.wait()
                        continue
                    due, _, handle, candidate = self._queue[0]
                    wait = due - self._clock()
                    if wait > 0:
                        self._condition.wait(wait)
                        continue
                    heapq.heappop(self._queue)
                    if not handle.cancelled:
                        action = candidate
            try:
                action()
            except Exception:  # one failing action must not stop the others
                log.exception("a scheduled action failed")
