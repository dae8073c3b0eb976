"""How a task fails: the fault reported in ``task:failed`` and the exception a function raises to choose it."""

from dataclasses import dataclass
from typing import Optional

#: ``error_type`` of an attempt that ran out of time.
TIMEOUT = "timeout"
#: ``error_type`` of bad input: a missing or unknown argument, a value of the wrong type, a ValueError/TypeError.
INVALID_ARGUMENT = "invalid_argument"
#: ``error_type`` of an assignment naming a function this service does not have.
UNKNOWN_FUNCTION = "unknown_function"
#: ``error_type`` of a result that cannot be sent as JSON.
INVALID_RESULT = "invalid_result"
#: ``error_type`` of an attempt still running when the service shut down.
SHUTDOWN = "shutdown"


@dataclass(frozen=True)
class TaskFault:
    """Why an attempt failed, as reported in ``task:failed``: ``error``, ``error_type`` and ``retryable``."""

    message: str
    error_type: str = "error"
    retryable: bool = True

    def __post_init__(self) -> None:
        if not self.message or not str(self.message).strip():
            object.__setattr__(self, "message", "failed without a message")
        if not self.error_type or not str(self.error_type).strip():
            object.__setattr__(self, "error_type", "error")
        object.__setattr__(self, "retryable", bool(self.retryable))

    @classmethod
    def timeout(cls, message: str) -> "TaskFault":
        """The attempt ran out of time; another attempt may be faster."""
        return cls(message, TIMEOUT, True)

    @classmethod
    def invalid_argument(cls, message: str) -> "TaskFault":
        """Bad input: no attempt can succeed."""
        return cls(message, INVALID_ARGUMENT, False)


class TaskFailed(Exception):
    """Raise from a function to fail the attempt with a chosen ``error_type`` and retryability.

    ``raise TaskFailed("monthly quota used up", retryable=False, error_type="quota_exceeded")``
    """

    def __init__(self, message: str, retryable: bool = True, error_type: Optional[str] = None) -> None:
        super().__init__(message)
        self.fault = TaskFault(message, error_type or "task_failed", retryable)

    @property
    def retryable(self) -> bool:
        return self.fault.retryable

    @property
    def error_type(self) -> str:
        return self.fault.error_type


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.check_cancelled` once the attempt was cancelled or ran out of time.

    The runner reports nothing for it: the hub already knows (it cancelled, or the timeout was reported).
    """


def fault_of(exc: BaseException) -> TaskFault:
    """The default classification of what a function raised.

    A :class:`TaskFailed` says itself; ``ValueError`` and ``TypeError`` are bad input and not retryable; the builtin
    ``TimeoutError`` is a retryable timeout; anything else may be transient and is retryable, named by its class.
    """
    if isinstance(exc, TaskFailed):
        return exc.fault
    message = str(exc).strip() or type(exc).__name__
    if isinstance(exc, (ValueError, TypeError)):
        return TaskFault(message, INVALID_ARGUMENT, False)
    if isinstance(exc, TimeoutError):
        return TaskFault.timeout(message)
    return TaskFault(message, type(exc).__name__, True)
