"""The functions a Python service can run: only those registered with :func:`gleitzeit_task` (or a
:class:`FunctionRegistry`'s :meth:`~FunctionRegistry.task`), nothing found by name at run time."""

import asyncio
import inspect
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from .binding import Binder, Parameter
from .context import TaskContext
from .errors import INVALID_ARGUMENT, UNKNOWN_FUNCTION, TaskFailed

DEFAULT_CATEGORY = "custom"


@dataclass(frozen=True)
class RegisteredFunction:
    """A function as registered: its workflow name, listing metadata and how its arguments bind."""

    name: str
    function: Callable[..., Any]
    category: str
    description: str
    #: The function's own limit in seconds for one call, or ``None``; the assignment's timeout applies as well.
    timeout: Optional[float]
    binder: Binder = field(repr=False, compare=False)

    @property
    def parameters(self) -> List[Parameter]:
        """The arguments it takes (the ``TaskContext`` parameter is not one)."""
        return list(self.binder.parameters)

    def call(self, args: Any = None, kwargs: Any = None, context: Optional[TaskContext] = None) -> Any:
        """Binds ``args``/``kwargs`` (JSON values) and calls the function; ``async def`` functions run to the end
        on an event loop of their own. Bad arguments raise a not retryable :class:`TaskFailed`."""
        call_args, call_kwargs = self.binder.bind(args, kwargs, context)
        result = self.function(*call_args, **call_kwargs)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return result


class FunctionRegistry:
    """Functions by name. Importing a module whose functions carry ``@gleitzeit_task`` fills the
    :data:`default_registry`; a registry of one's own is filled with ``@registry.task(...)``.

    .. code-block:: python

        registry = FunctionRegistry()

        @registry.task(category="text")
        def shout(text: str) -> str:
            return text.upper()
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._functions: Dict[str, RegisteredFunction] = {}

    def task(self, name: Optional[str] = None, category: Optional[str] = None, description: Optional[str] = None,
             timeout: Optional[float] = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """A decorator registering a function here; the function itself is returned unchanged."""
        def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
            self.register(function, name=name, category=category, description=description, timeout=timeout)
            return function
        return decorate

    def register(self, function: Callable[..., Any], name: Optional[str] = None, category: Optional[str] = None,
                 description: Optional[str] = None, timeout: Optional[float] = None) -> RegisteredFunction:
        """Registers a function under ``name`` (its ``__name__`` by default).

        Raises ``ValueError`` naming the problem: a blank or taken name, a timeout that is not a positive number,
        a signature that cannot be bound. Registering the same function again (a reloaded module) replaces it.
        """
        if not callable(function):
            raise ValueError("only callables can be registered, got %r" % (function,))
        name = _name_of(function) if name is None else name
        if not isinstance(name, str) or not name.strip():
            raise ValueError("name must be a non-blank string, got %r" % (name,))
        if category is not None and not isinstance(category, str):
            raise ValueError("%s: category must be a string, got %r" % (name, category))
        if description is not None and not isinstance(description, str):
            raise ValueError("%s: description must be a string, got %r" % (name, description))
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
                raise ValueError("%s: timeout must be a positive number of seconds, got %r" % (name, timeout))
            timeout = float(timeout)
        registered = RegisteredFunction(
            name=name,
            function=function,
            category=category or DEFAULT_CATEGORY,
            description=description if description is not None else _first_line(function.__doc__),
            timeout=timeout,
            binder=Binder(function, name))
        with self._lock:
            previous = self._functions.get(name)
            if previous is not None and _origin(previous.function) != _origin(function):
                raise ValueError("function name '%s' is taken twice: by %s and by %s"
                                 % (name, _origin(previous.function), _origin(function)))
            self._functions[name] = registered
        try:
            function.__gleitzeit_task__ = registered  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            pass  # builtins and some callables take no attributes; the registry is what counts
        return registered

    def names(self) -> List[str]:
        """Every registered name, sorted (announced in ``functions[]``)."""
        with self._lock:
            return sorted(self._functions)

    def functions(self) -> List[RegisteredFunction]:
        """The registered functions, sorted by name."""
        with self._lock:
            return [self._functions[n] for n in sorted(self._functions)]

    def find(self, name: str) -> Optional[RegisteredFunction]:
        with self._lock:
            return self._functions.get(name)

    def lookup(self, name: Any) -> RegisteredFunction:
        """The function for a task's ``function_name``; a not retryable :class:`TaskFailed` when there is none."""
        if name is None:
            raise TaskFailed("function_name is required in the task's parameters", retryable=False,
                             error_type=INVALID_ARGUMENT)
        if not isinstance(name, str) or not name.strip():
            raise TaskFailed("function_name must be a non-blank string, got %r" % (name,), retryable=False,
                             error_type=INVALID_ARGUMENT)
        function = self.find(name)
        if function is None:
            known = self.names()
            raise TaskFailed("unknown function '%s'; %s" % (
                name, "registered: " + ", ".join(known) if known else "none are registered"),
                retryable=False, error_type=UNKNOWN_FUNCTION)
        return function

    def invoke(self, name: Any, args: Any = None, kwargs: Any = None, context: Optional[TaskContext] = None) -> Any:
        """Calls the function registered under ``name`` with JSON ``args`` and ``kwargs``."""
        return self.lookup(name).call(args, kwargs, context)

    def __len__(self) -> int:
        with self._lock:
            return len(self._functions)

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self._functions


#: The registry ``@gleitzeit_task`` fills and the CLI runs.
default_registry = FunctionRegistry()


def gleitzeit_task(name: Any = None, category: Optional[str] = None, description: Optional[str] = None,
                   timeout: Optional[float] = None, registry: Optional[FunctionRegistry] = None) -> Any:
    """Makes a function callable from workflows as a function task (``"type": "python"`` or ``"function"``).

    .. code-block:: python

        @gleitzeit_task(category="text", description="Counts words", timeout=5)
        def word_count(text: str) -> int:
            return len(text.split())

    ``name`` defaults to the function's name; ``timeout`` (seconds) limits one call on top of the task's own
    timeout; ``registry`` defaults to :data:`default_registry`. ``@gleitzeit_task`` without parentheses works too.
    Positional ``args`` bind in order and ``kwargs`` by name; a parameter annotated :class:`TaskContext` receives
    the running attempt and is not an argument.
    """
    target = registry if registry is not None else default_registry
    if callable(name) and not isinstance(name, str):
        function = name  # used bare: @gleitzeit_task
        target.register(function)
        return function
    return target.task(name=name, category=category, description=description, timeout=timeout)


def _name_of(function: Callable[..., Any]) -> str:
    name = getattr(function, "__name__", None)
    if not isinstance(name, str) or name == "<lambda>":
        raise ValueError("%r has no usable __name__; pass name=..." % (function,))
    return name


def _origin(function: Callable[..., Any]) -> str:
    return "%s.%s" % (getattr(function, "__module__", "?"), getattr(function, "__qualname__", repr(function)))


def _first_line(doc: Optional[str]) -> str:
    if not doc:
        return ""
    for line in doc.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""
