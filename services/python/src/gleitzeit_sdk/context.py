"""What a running function knows about its attempt, and how it reports along the way."""

import threading
from datetime import datetime
from typing import Any, Callable, Dict, Optional

from .errors import TaskCancelled

#: Where progress goes: (percent, message, chunk) -> None.
ProgressSink = Callable[[float, Optional[str], Optional[str]], None]

_current = threading.local()


class TaskContext:
    """The running attempt, handed to a function that declares a parameter annotated ``TaskContext`` (and available
    through :func:`current_context`).

    Cancellation is cooperative: Python cannot stop a thread, so a cancelled or timed-out attempt keeps its worker
    until the function returns. Long-running functions check :attr:`cancelled`, call :meth:`check_cancelled`, or
    sleep with :meth:`wait`, which returns early on cancellation. Whatever such an attempt returns is discarded.

    .. code-block:: python

        @gleitzeit_task()
        def crawl(urls: list, context: TaskContext) -> int:
            for i, url in enumerate(urls):
                context.check_cancelled()
                fetch(url)
                context.progress(100 * (i + 1) / len(urls), url)
            return len(urls)
    """

    def __init__(self, task_id: str, workflow_id: Optional[str] = None, attempt: int = 1,
                 task_name: Optional[str] = None, function_name: Optional[str] = None,
                 deadline: Optional[datetime] = None, parameters: Optional[Dict[str, Any]] = None,
                 progress_sink: Optional[ProgressSink] = None) -> None:
        """Made by the runner for each attempt; construct one directly to call a function in a test."""
        self.task_id = task_id
        self.workflow_id = workflow_id
        self.attempt = attempt
        self.task_name = task_name
        self.function_name = function_name
        #: When the attempt times out (aware, UTC), or ``None`` without a limit.
        self.deadline = deadline
        #: The assignment's parameters (``function_name``, ``args``, ``kwargs``, …) as received.
        self.parameters = dict(parameters or {})
        self._sink = progress_sink
        self._stopped = threading.Event()
        self._last_percent = 0.0

    @property
    def cancelled(self) -> bool:
        """Whether the attempt was cancelled or ran out of time; its result would be discarded."""
        return self._stopped.is_set()

    def check_cancelled(self) -> None:
        """Raises :class:`TaskCancelled` once the attempt was cancelled or timed out."""
        if self._stopped.is_set():
            raise TaskCancelled("task %s attempt %d was cancelled" % (self.task_id, self.attempt))

    def wait(self, seconds: float) -> bool:
        """Sleeps up to ``seconds``, waking early on cancellation; returns whether the attempt was cancelled."""
        return self._stopped.wait(max(0.0, seconds))

    def progress(self, percent: float, message: Optional[str] = None) -> None:
        """Reports how far the attempt is (0–100) with a message; dropped while disconnected or after cancellation."""
        if self._stopped.is_set():
            return
        try:
            value = float(percent)
        except (TypeError, ValueError):
            raise ValueError("percent must be a number, got %r" % (percent,)) from None
        self._last_percent = 0.0 if value != value else max(0.0, min(100.0, value))
        if self._sink is not None:
            self._sink(self._last_percent, message, None)

    def chunk(self, text: str) -> None:
        """Streams a piece of output text to the workflow's subscribers; dropped while disconnected."""
        if self._stopped.is_set() or not text:
            return
        if self._sink is not None:
            self._sink(self._last_percent, None, str(text))

    def _stop(self) -> None:
        """Marks the attempt cancelled (the runner calls this on cancel and timeout)."""
        self._stopped.set()


def current_context() -> Optional[TaskContext]:
    """The context of the attempt running on this thread, or ``None`` outside a task."""
    return getattr(_current, "context", None)


def _set_current(context: Optional[TaskContext]) -> None:
    _current.context = context
