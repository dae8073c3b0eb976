"""Gleitzeit service SDK for Python: write functions, decorate them with :func:`gleitzeit_task`, and run them as a
Gleitzeit function service with :class:`GleitzeitService` or ``python3 -m gleitzeit_sdk.run``.

.. code-block:: python

    from gleitzeit_sdk import gleitzeit_task

    @gleitzeit_task(category="text", description="Counts words")
    def word_count(text: str) -> int:
        return len(text.split())
"""

from .context import TaskContext, current_context
from .errors import TaskCancelled, TaskFailed, TaskFault, fault_of
from .options import ServiceOptions, Transport
from .registry import FunctionRegistry, RegisteredFunction, default_registry, gleitzeit_task
from .service import GleitzeitService, ServiceStatus

__version__ = "0.1.0"

__all__ = [
    "FunctionRegistry",
    "GleitzeitService",
    "RegisteredFunction",
    "ServiceOptions",
    "ServiceStatus",
    "TaskCancelled",
    "TaskContext",
    "TaskFailed",
    "TaskFault",
    "Transport",
    "current_context",
    "default_registry",
    "fault_of",
    "gleitzeit_task",
]
