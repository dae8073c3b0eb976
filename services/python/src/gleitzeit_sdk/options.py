"""How a Python service connects to Gleitzeit and what it announces."""

import enum
import os
import uuid
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Any, Optional, Sequence, Tuple, Union
from urllib.parse import urlparse

DEFAULT_HUB_URL = "http://localhost:8000"
DEFAULT_NAME = "python-functions"
DEFAULT_MAX_CONCURRENT = 4
DEFAULT_HEARTBEAT_INTERVAL = 10.0
DEFAULT_RECONNECT_MIN = 0.5
DEFAULT_RECONNECT_MAX = 30.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_ACK_TIMEOUT = 10.0
DEFAULT_SHUTDOWN_TIMEOUT = 10.0
DEFAULT_FINISHED_ATTEMPTS_REMEMBERED = 10_000
DEFAULT_SOCKETIO_PATH = "/socket.io"
#: The ``external_task_type`` of function tasks, and the document type some hubs send instead.
DEFAULT_TASK_TYPES = ("python_execution", "function")

Seconds = Union[int, float, timedelta]


class Transport(enum.Enum):
    """An Engine.IO transport the service may use, in the order given."""

    #: The fast path, and the default.
    WEBSOCKET = "websocket"
    #: HTTP long-polling, for networks that block websockets.
    POLLING = "polling"


@dataclass(frozen=True)
class ServiceOptions:
    """Everything about connecting; every time is in seconds (a number or a ``timedelta``), every default a
    ``DEFAULT_*`` constant of this module. Invalid values raise ``ValueError`` naming the field.

    .. code-block:: python

        options = ServiceOptions(hub_urls=["http://hub-a:8000", "http://hub-b:8000"],
                                 token=os.environ.get("GLEITZEIT_TOKEN"), name="text-tools", max_concurrent=8)
    """

    #: The hubs, tried in turn; a lost connection moves on to the next one.
    hub_urls: Sequence[str] = (DEFAULT_HUB_URL,)
    #: Sent in the Socket.IO handshake ``auth`` as ``{"token": ...}``; ``None`` when the hub runs without auth.
    token: Optional[str] = None
    #: The service name tasks may be pinned to.
    name: str = DEFAULT_NAME
    #: Stable for the life of the process (the hub keys the service by it); ``<name>-<pid>-<random>`` by default.
    node_id: Optional[str] = None
    #: How many tasks run at once; more assignments wait for a worker.
    max_concurrent: int = DEFAULT_MAX_CONCURRENT
    heartbeat_interval: Seconds = DEFAULT_HEARTBEAT_INTERVAL
    #: The first reconnect delay; it doubles per failed attempt up to ``reconnect_max``.
    reconnect_min: Seconds = DEFAULT_RECONNECT_MIN
    reconnect_max: Seconds = DEFAULT_RECONNECT_MAX
    #: How long one connection attempt (transport and namespace) may take.
    connect_timeout: Seconds = DEFAULT_CONNECT_TIMEOUT
    #: How long the hub may take to ack a registration or a result before it is sent again.
    ack_timeout: Seconds = DEFAULT_ACK_TIMEOUT
    #: How long ``close()`` waits for running tasks and for undelivered results.
    shutdown_timeout: Seconds = DEFAULT_SHUTDOWN_TIMEOUT
    #: How many finished attempts are remembered to recognise a repeated assignment.
    finished_attempts_remembered: int = DEFAULT_FINISHED_ATTEMPTS_REMEMBERED
    #: The ``external_task_type``s announced in the registration.
    task_types: Sequence[str] = DEFAULT_TASK_TYPES
    transports: Sequence[Transport] = (Transport.WEBSOCKET,)
    socketio_path: str = DEFAULT_SOCKETIO_PATH
    #: The service's version, announced when set.
    version: Optional[str] = None

    def __post_init__(self) -> None:
        urls = (self.hub_urls,) if isinstance(self.hub_urls, str) else tuple(self.hub_urls or ())
        if not urls:
            raise ValueError("hub_urls must name at least one hub")
        for url in urls:
            _check_url(url)
        _set(self, "hub_urls", tuple(u.strip().rstrip("/") for u in urls))
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name is required")
        if self.token is not None and not isinstance(self.token, str):
            raise ValueError("token must be a string")
        if self.node_id is None:
            # one per service (kept across reconnects): two services of one process sharing an id would take
            # each other's session on the hub
            _set(self, "node_id", "%s-%d-%s" % (self.name, os.getpid(), uuid.uuid4().hex[:8]))
        elif not isinstance(self.node_id, str) or not self.node_id.strip():
            raise ValueError("node_id must not be blank when given")
        _at_least_one(self.max_concurrent, "max_concurrent")
        _at_least_one(self.finished_attempts_remembered, "finished_attempts_remembered")
        for name in ("heartbeat_interval", "reconnect_min", "reconnect_max", "connect_timeout", "ack_timeout",
                     "shutdown_timeout"):
            _set(self, name, _positive_seconds(getattr(self, name), name))
        if self.reconnect_max < self.reconnect_min:
            raise ValueError("reconnect_max must not be shorter than reconnect_min")
        task_types = (self.task_types,) if isinstance(self.task_types, str) else tuple(self.task_types or ())
        if not task_types or not all(isinstance(t, str) and t.strip() for t in task_types):
            raise ValueError("task_types must name at least one task type, each a non-blank string")
        _set(self, "task_types", task_types)
        _set(self, "transports", _transports(self.transports))
        if not isinstance(self.socketio_path, str) or not self.socketio_path.startswith("/"):
            raise ValueError("socketio_path must start with '/'")

    def with_changes(self, **changes: Any) -> "ServiceOptions":
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError("unknown option(s): %s" % ", ".join(unknown))
        return replace(self, **changes)


def _set(options: ServiceOptions, name: str, value: Any) -> None:
    object.__setattr__(options, name, value)


def _check_url(url: Any) -> None:
    if not isinstance(url, str) or not url.strip():
        raise ValueError("hub_urls must not contain a blank URL")
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("hub_urls: '%s' must be an http(s) URL with a host" % url)


def _at_least_one(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("%s must be an integer of at least 1, was %r" % (name, value))


def _positive_seconds(value: Any, name: str) -> float:
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise ValueError("%s must be a number of seconds or a timedelta, was %r" % (name, value))
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError("%s must be positive, was %r" % (name, value))
    return seconds


def _transports(values: Any) -> Tuple[Transport, ...]:
    items = (values,) if isinstance(values, (str, Transport)) else tuple(values or ())
    if not items:
        raise ValueError("transports must name at least one transport")
    result = []
    for item in items:
        try:
            result.append(item if isinstance(item, Transport) else Transport(str(item).strip().lower()))
        except ValueError:
            raise ValueError("transports: '%s' is not one of websocket, polling" % (item,)) from None
    return tuple(result)
