"""A fixed number of daemon worker threads taking tasks in turn.

Not ``concurrent.futures.ThreadPoolExecutor``: its threads are joined when the interpreter exits, so one function
that ignores cancellation would keep the process from ever ending."""

import logging
import queue
import threading
from typing import Callable, List, Optional

log = logging.getLogger("gleitzeit_sdk")


class WorkerPool:
    def __init__(self, size: int, name: str = "gleitzeit-task") -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self._queue: "queue.Queue[Optional[Callable[[], None]]]" = queue.Queue()
        self._lock = threading.Lock()
        self._shut_down = False
        self._threads: List[threading.Thread] = []
        for i in range(size):
            thread = threading.Thread(target=self._work, name="%s-%d" % (name, i + 1), daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, task: Callable[[], None]) -> None:
        """Queues a task; ``RuntimeError`` once shut down."""
        with self._lock:
            if self._shut_down:
                raise RuntimeError("the worker pool is shut down")
            self._queue.put(task)

    def shutdown(self) -> None:
        """Takes no more tasks; the queued ones still run, then the threads end."""
        with self._lock:
            if self._shut_down:
                return
            self._shut_down = True
            for _ in self._threads:
                self._queue.put(None)

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            try:
                task()
            except BaseException:  # a task reports its own failures; this is a bug guard
                log.exception("a worker task failed")
