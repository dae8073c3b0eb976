"""The runner: a Gleitzeit function service that runs the functions of a registry."""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Optional

from . import _wire
from ._attempts import Attempt, AttemptLedger, State
from ._link import HubLink, LinkListener
from ._outbox import Outbox, Report
from ._scheduler import Scheduler
from ._workers import WorkerPool
from .context import TaskContext, _set_current
from .errors import INVALID_RESULT, SHUTDOWN, TaskFault, fault_of
from .options import ServiceOptions
from .registry import FunctionRegistry, default_registry

log = logging.getLogger("gleitzeit_sdk")


@dataclass(frozen=True)
class ServiceStatus:
    """A snapshot of a running service."""

    registered: bool
    hub: Optional[str]
    active_tasks: int
    tasks_completed: int
    tasks_failed: int
    #: Results and failures waiting for a hub's ack.
    pending_reports: int


class GleitzeitService:
    """Connects to a hub, registers the registry's functions, heartbeats, and runs assigned tasks on
    ``options.max_concurrent`` worker threads.

    Guarantees, as the Java SDK: an attempt (idempotency key ``task_id:attempt``) runs at most once however often it
    is assigned; a cancelled or timed-out attempt reports nothing more (a timeout reports one retryable ``timeout``
    failure); a result produced while disconnected is kept and sent again after the next registration until a hub
    acknowledges it.

    .. code-block:: python

        with GleitzeitService(ServiceOptions(hub_urls=["http://localhost:8000"], name="text-tools")) as service:
            service.wait()
    """

    def __init__(self, options: Optional[ServiceOptions] = None, registry: Optional[FunctionRegistry] = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 client_factory: Optional[Callable[[ServiceOptions], Any]] = None) -> None:
        """``registry`` defaults to the one ``@gleitzeit_task`` fills; ``clock`` gives timestamps and deadlines."""
        self.options = options if options is not None else ServiceOptions()
        self.registry = registry if registry is not None else default_registry
        self._clock = clock
        self._started_at = time.monotonic()
        self._ledger = AttemptLedger(self.options.finished_attempts_remembered)
        self._outbox = Outbox()
        self._attempts: Dict[str, Attempt] = {}
        self._deliveries: Dict[str, object] = {}
        self._lock = threading.Lock()
        self._active = 0
        self._completed = 0
        self._failed = 0
        self._started = False
        self._closing = False
        self._closed = threading.Event()
        self._scheduler = Scheduler()
        self._workers = WorkerPool(self.options.max_concurrent)
        self._heartbeats = None
        self._link = HubLink(self.options, self._registration,
                             {_wire.TASK_ASSIGN: self._on_assign, _wire.TASK_CANCEL: self._on_cancel},
                             _Listener(self), client_factory)

    # --- lifecycle ---------------------------------------------------------------------------------------------

    def start(self) -> "GleitzeitService":
        """Connects in the background (retrying until :meth:`close`) and starts heartbeats. Call once."""
        with self._lock:
            if self._closing:
                raise RuntimeError("closed")
            if self._started:
                raise RuntimeError("already started")
            self._started = True
        if not len(self.registry):
            log.warning("no functions are registered; the service will fail every task")
        self._heartbeats = self._scheduler.every(self.options.heartbeat_interval, self._heartbeat)
        self._link.start()
        return self

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Blocks until :meth:`close` has finished (or ``timeout`` seconds passed); returns whether it has."""
        return self._closed.wait(timeout)

    def status(self) -> ServiceStatus:
        with self._lock:
            return ServiceStatus(self._link.registered, self._link.hub, self._active, self._completed, self._failed,
                                 len(self._outbox))

    def close(self) -> None:
        """Stops taking assignments, lets running tasks finish within ``shutdown_timeout``, then reports the rest as
        retryable ``shutdown`` failures (so the hub can run them elsewhere), waits for undelivered reports to be
        acknowledged (what is left of the shutdown timeout, at least one ``ack_timeout``), and disconnects."""
        with self._lock:
            already = self._closing
            self._closing = True
        if already:
            self._closed.wait(self.options.shutdown_timeout * 2)
            return
        until = time.monotonic() + self.options.shutdown_timeout
        try:
            self._workers.shutdown()
            while self._running_attempts() and time.monotonic() < until:
                time.sleep(0.02)
            for attempt in self._running_attempts():
                if attempt.finish(State.FAILED):
                    self._count(failed=1)
                    self._report(attempt, TaskFault("the service shut down before the task finished", SHUTDOWN,
                                                    True))
            # Reports, the shutdown failures just made included, get at least one ack timeout to reach the hub.
            deliver_until = max(until, time.monotonic() + self.options.ack_timeout)
            while len(self._outbox) and self._link.registered and time.monotonic() < deliver_until:
                time.sleep(0.02)
            if len(self._outbox):
                log.warning("closing with %d result(s) no hub acknowledged", len(self._outbox))
        finally:
            if self._heartbeats is not None:
                self._heartbeats.cancel()
            self._link.close()
            self._scheduler.stop()
            self._closed.set()

    def __enter__(self) -> "GleitzeitService":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- assignments -------------------------------------------------------------------------------------------

    def _on_assign(self, *args: Any) -> Dict[str, Any]:
        """Answers the hub's ack on receipt; the work goes to the worker threads."""
        try:
            assignment = _wire.Assignment.from_wire(args[0] if args else None)
        except _wire.WireError as e:
            log.warning("ignoring a malformed task:assign: %s", e)
            return _wire.ack_error(_wire.BAD_REQUEST, "malformed task:assign: %s" % e)
        if self._closing:
            return _wire.ack_error(_wire.UNAVAILABLE, "the service is shutting down")
        admission = self._ledger.admit(assignment.idempotency_key)
        if admission != AttemptLedger.NEW:
            log.debug("%s already %s; not running it again", assignment.idempotency_key, admission)
            return _wire.ack_ok(duplicate=True)
        now = self._clock()
        function_name = _function_name(assignment.parameters)
        function = self.registry.find(function_name) if isinstance(function_name, str) else None
        deadline = assignment.effective_deadline(now, function.timeout if function is not None else None)
        holder: Dict[str, Attempt] = {}
        context = TaskContext(assignment.task_id, assignment.workflow_id, assignment.attempt, assignment.task_name,
                              function_name if isinstance(function_name, str) else None, deadline,
                              assignment.parameters,
                              lambda percent, message, chunk: self._progress(holder["attempt"], percent, message,
                                                                             chunk))
        attempt = Attempt(assignment, deadline, context)
        holder["attempt"] = attempt
        with self._lock:
            self._attempts[attempt.key] = attempt
        if deadline is not None:
            delay = (deadline - now).total_seconds()
            if delay <= 0:
                self._time_out(attempt)  # already too late: fail it now rather than race a worker
            else:
                attempt.timer = self._scheduler.schedule(delay, lambda: self._time_out(attempt))
        try:
            self._workers.submit(lambda: self._run(attempt))
        except RuntimeError:
            # closing raced with this assignment: let the hub run it elsewhere
            if attempt.finish(State.FAILED):
                self._count(failed=1)
                self._report(attempt, TaskFault("the service is shutting down", SHUTDOWN, True))
            self._forget(attempt)
        return _wire.ack_ok()

    def _run(self, attempt: Attempt) -> None:
        if not attempt.start():
            self._forget(attempt)
            return
        self._count(active=1)
        a = attempt.assignment
        self._link.emit(_wire.TASK_ACCEPTED, _wire.without_none({
            "task_id": a.task_id, "workflow_id": a.workflow_id, "node_id": self.options.node_id,
            "attempt": a.attempt}))
        started = time.monotonic()
        _set_current(attempt.context)
        try:
            parameters = a.parameters
            function = self.registry.lookup(_function_name(parameters))
            returned = function.call(parameters.get("args"), parameters.get("kwargs"), attempt.context)
            try:
                result = _wire.to_json_value(returned)
            except (TypeError, ValueError) as e:
                raise _InvalidResult("%s returned a result that is not JSON: %s" % (function.name, e)) from e
            if attempt.finish(State.COMPLETED):
                self._count(completed=1)
                payload = _wire.without_none({
                    "task_id": a.task_id, "workflow_id": a.workflow_id, "node_id": self.options.node_id,
                    "service_name": self.options.name, "timestamp": _wire.timestamp(self._clock()),
                    "attempt": a.attempt, "endpoint_id": a.endpoint_id,
                    "duration_ms": int((time.monotonic() - started) * 1000)})
                payload["result"] = result  # null is a result too
                self._send("completed:" + attempt.key, _wire.TASK_COMPLETED, payload)
        except BaseException as e:  # a function's SystemExit fails its task, not the service
            if attempt.finish(State.FAILED):
                self._count(failed=1)
                fault = e.fault if isinstance(e, _InvalidResult) else fault_of(e)
                if fault.retryable:
                    log.warning("%s failed: %s", attempt.key, fault.message, exc_info=e)
                else:
                    log.info("%s failed, not retryable: %s", attempt.key, fault.message)
                self._report(attempt, fault)
        finally:
            _set_current(None)
            self._count(active=-1)
            self._forget(attempt)

    def _time_out(self, attempt: Attempt) -> None:
        if attempt.finish(State.TIMED_OUT):
            self._count(failed=1)
            log.info("%s timed out", attempt.key)
            deadline = _wire.timestamp(attempt.deadline) if attempt.deadline is not None else ""
            self._report(attempt, TaskFault.timeout("the task did not finish by its deadline " + deadline))

    def _on_cancel(self, *args: Any) -> Dict[str, Any]:
        payload = args[0] if args else None
        task_id = payload.get("task_id") if isinstance(payload, dict) else None
        if not isinstance(task_id, str) or not task_id:
            log.warning("ignoring a malformed task:cancel: %r", payload)
            return _wire.ack_error(_wire.BAD_REQUEST, "task_id is required in task:cancel")
        wanted = payload.get("attempt")
        for attempt in self._running_attempts():
            a = attempt.assignment
            matches = a.task_id == task_id and (wanted is None or wanted == a.attempt)
            if matches and attempt.finish(State.CANCELLED):
                log.info("%s cancelled: %s", attempt.key, payload.get("reason"))
        return _wire.ack_ok()

    def _forget(self, attempt: Attempt) -> None:
        """Drops a finished attempt; a repeated assignment of it is then recognised as finished."""
        with self._lock:
            if self._attempts.get(attempt.key) is not attempt:
                return
            del self._attempts[attempt.key]
        self._ledger.finish(attempt.key)

    def _running_attempts(self) -> list:
        with self._lock:
            return list(self._attempts.values())

    # --- reports -----------------------------------------------------------------------------------------------

    def _report(self, attempt: Attempt, fault: TaskFault) -> None:
        a = attempt.assignment
        self._send("failed:" + attempt.key, _wire.TASK_FAILED, _wire.without_none({
            "task_id": a.task_id, "workflow_id": a.workflow_id, "error": fault.message,
            "node_id": self.options.node_id, "timestamp": _wire.timestamp(self._clock()), "attempt": a.attempt,
            "error_type": fault.error_type, "retryable": fault.retryable, "service_name": self.options.name}))

    def _send(self, key: str, event: str, payload: Dict[str, Any]) -> None:
        self._deliver(self._outbox.put(key, event, payload))

    def _deliver(self, report: Report) -> None:
        """Sends a report; it stays in the outbox until acknowledged and is sent again when no ack comes in time.
        Only the newest send of a report keeps a re-send timer, so reconnects do not multiply them."""
        token = object()
        with self._lock:
            self._deliveries[report.key] = token

        def on_ack(args: tuple) -> None:
            if not _wire.ack_succeeded(args):
                log.warning("the hub refused %s: %s", report.key, _wire.ack_message(args))
            self._outbox.acknowledged(report.key)
            with self._lock:
                if self._deliveries.get(report.key) is token:
                    del self._deliveries[report.key]

        def resend() -> None:
            with self._lock:
                current = self._deliveries.get(report.key) is token
            if current and report.key in self._outbox and self._link.registered:
                self._deliver(report)

        if self._link.emit_with_ack(report.event, report.payload, on_ack) and not self._scheduler.stopped:
            self._scheduler.schedule(self.options.ack_timeout, resend)

    def _progress(self, attempt: Attempt, percent: float, message: Optional[str], chunk: Optional[str]) -> None:
        a = attempt.assignment
        self._link.emit(_wire.TASK_PROGRESS, _wire.without_none({
            "task_id": a.task_id, "workflow_id": a.workflow_id, "progress": percent, "message": message,
            "node_id": self.options.node_id, "timestamp": _wire.timestamp(self._clock()), "chunk": chunk,
            "attempt": a.attempt}))

    def _heartbeat(self) -> None:
        with self._lock:
            active, completed, failed = self._active, self._completed, self._failed
        self._link.emit(_wire.NODE_HEARTBEAT, {
            "node_id": self.options.node_id, "service_name": self.options.name,
            "status": "stopping" if self._closing else "active", "node_type": _wire.EXTERNAL_SERVICE_NODE_TYPE,
            "active_tasks": active, "max_tasks": self.options.max_concurrent, "tasks_completed": completed,
            "tasks_failed": failed, "uptime_seconds": round(time.monotonic() - self._started_at, 3),
            "capabilities": list(self.options.task_types), "timestamp": _wire.timestamp(self._clock()),
            "endpoints": []})

    def _registration(self) -> Dict[str, Any]:
        return _wire.registration(self.options.node_id, self.options.name, list(self.options.task_types),
                                  self.options.max_concurrent, self.registry.names(), self.options.version)

    def _on_registered(self) -> None:
        self._heartbeat()
        for report in self._outbox.all():
            self._deliver(report)

    def _count(self, active: int = 0, completed: int = 0, failed: int = 0) -> None:
        with self._lock:
            self._active += active
            self._completed += completed
            self._failed += failed


class _InvalidResult(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.fault = TaskFault(message, INVALID_RESULT, False)


class _Listener(LinkListener):
    def __init__(self, service: GleitzeitService) -> None:
        self._service = service

    def on_registered(self, hub: str) -> None:
        self._service._on_registered()


def _function_name(parameters: Dict[str, Any]) -> Any:
    """``function_name``, or ``function`` as some documents say."""
    name = parameters.get("function_name")
    return name if name is not None else parameters.get("function")
