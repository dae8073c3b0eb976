"""The service's connection to a hub: connects to namespace ``/cluster`` with the handshake token, registers (with
ack) on every connect, and on any loss moves to the next hub URL after an exponential backoff. python-socketio's
own reconnection is off, because it would retry only the same URL."""

import logging
import threading
from typing import Any, Callable, Dict, Optional

from . import _wire
from .options import ServiceOptions

log = logging.getLogger("gleitzeit_sdk")

#: How often a registered session checks that its transport is still up, besides the disconnect event.
_LIVENESS_POLL = 0.5


def backoff_delay(failures: int, minimum: float, maximum: float) -> float:
    """The delay before the next try after ``failures`` consecutive failures: ``minimum``, doubling per failure,
    never above ``maximum``."""
    if failures <= 1:
        return minimum
    return min(maximum, minimum * (2 ** min(failures - 1, 30)))


class LinkListener:
    """What the link tells the service."""

    def on_registered(self, hub: str) -> None:
        """The hub acked the registration: reports may flow."""

    def on_lost(self) -> None:
        """The registered connection is gone; a new one is being prepared."""


class HubLink:
    def __init__(self, options: ServiceOptions, registration: Callable[[], Dict[str, Any]],
                 handlers: Dict[str, Callable[..., Any]], listener: LinkListener,
                 client_factory: Optional[Callable[[ServiceOptions], Any]] = None) -> None:
        self._options = options
        self._registration = registration
        self._handlers = dict(handlers)
        self._listener = listener
        self._client_factory = client_factory or _socketio_client
        self._lock = threading.RLock()
        self._closed = threading.Event()
        self._client: Any = None
        self._registered = False
        self._hub: Optional[str] = None
        self._service_id: Optional[str] = None
        self._thread = threading.Thread(target=self._run, name="gleitzeit-link", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def registered(self) -> bool:
        with self._lock:
            return self._registered

    @property
    def hub(self) -> Optional[str]:
        """The hub registered with, or ``None``."""
        with self._lock:
            return self._hub if self._registered else None

    @property
    def service_id(self) -> Optional[str]:
        with self._lock:
            return self._service_id

    def emit(self, event: str, payload: Dict[str, Any]) -> bool:
        """Emits when registered; false (and nothing sent) otherwise."""
        return self._emit(event, payload, None)

    def emit_with_ack(self, event: str, payload: Dict[str, Any], on_ack: Callable[[tuple], None]) -> bool:
        """Emits with an ack callback when registered; false otherwise. The callback gets the ack's arguments; it is
        not called when the connection drops first."""
        return self._emit(event, payload, lambda *args: on_ack(args))

    def _emit(self, event: str, payload: Dict[str, Any], callback: Optional[Callable[..., None]]) -> bool:
        with self._lock:
            if not self._registered or self._client is None:
                return False
            try:
                self._client.emit(event, payload, namespace=_wire.NAMESPACE, callback=callback)
                return True
            except Exception as e:  # the namespace went away under us: the session loop notices and reconnects
                log.debug("could not emit %s: %s", event, e)
                return False

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            self._registered = False
            client = self._client
        if client is not None:
            _disconnect(client)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=self._options.connect_timeout + 1)

    # --- the connection loop -----------------------------------------------------------------------------------

    def _run(self) -> None:
        urls = self._options.hub_urls
        failures = 0
        index = 0
        while not self._closed.is_set():
            hub = urls[index % len(urls)]
            reason, was_registered = self._session(hub)
            if self._closed.is_set():
                break
            failures = 1 if was_registered else failures + 1
            index += 1
            delay = backoff_delay(failures, self._options.reconnect_min, self._options.reconnect_max)
            log.warning("%s; reconnecting to %s in %.1fs", reason, urls[index % len(urls)], delay)
            self._closed.wait(delay)

    def _session(self, hub: str) -> "tuple[str, bool]":
        """One connection to one hub, from connecting to its loss; returns why it ended and whether it was
        registered."""
        lost = threading.Event()
        client = self._client_factory(self._options)
        refused: Dict[str, Any] = {}
        client.on("disconnect", lost.set, namespace=_wire.NAMESPACE)
        # the hub's reason for refusing the namespace (a bad token), which connect() itself does not say
        client.on("connect_error", lambda *data: refused.setdefault("reason", data[0] if data else None),
                  namespace=_wire.NAMESPACE)
        for event, handler in self._handlers.items():
            client.on(event, self._forwarding(client, handler), namespace=_wire.NAMESPACE)
        with self._lock:
            if self._closed.is_set():
                return "closed", False
            self._client = client
            self._hub = hub
        was_registered = False
        try:
            log.debug("connecting to %s", hub)
            try:
                client.connect(hub, auth=self._auth(), transports=[t.value for t in self._options.transports],
                               namespaces=[_wire.NAMESPACE], socketio_path=self._options.socketio_path,
                               wait=True, wait_timeout=self._options.connect_timeout)
            except Exception as e:
                reason = refused.get("reason")
                detail = "refused: %s" % (_refusal(reason),) if reason is not None else (e or type(e).__name__)
                return "cannot connect to %s: %s" % (hub, detail), False
            refusal = self._register(client, hub, lost)
            if refusal is not None:
                return refusal, False
            was_registered = True
            log.info("registered with %s as %s", hub, self._options.node_id)
            self._listener.on_registered(hub)
            while not self._closed.is_set() and not lost.wait(_LIVENESS_POLL):
                if not _is_up(client):
                    break
            return "disconnected from %s" % hub, True
        finally:
            with self._lock:
                if self._client is client:
                    self._client = None
                self._registered = False
            _disconnect(client)
            if was_registered:
                self._listener.on_lost()

    def _register(self, client: Any, hub: str, lost: threading.Event) -> Optional[str]:
        """Sends ``node:register`` and waits for its ack; ``None`` when registered, else why not."""
        answered = threading.Event()
        answer: Dict[str, tuple] = {}

        def on_ack(*args: Any) -> None:
            # Runs on the socket's reading thread, before any later packet (an assignment) is handled: becoming
            # registered here means a task assigned right after the ack can already report.
            answer["args"] = args
            if _wire.ack_succeeded(args):
                with self._lock:
                    if self._client is client and not self._closed.is_set():
                        self._registered = True
                        reply = args[0] if args and isinstance(args[0], dict) else {}
                        self._service_id = reply.get("service_id") or self._options.node_id
            answered.set()

        try:
            client.emit(_wire.NODE_REGISTER, self._registration(), namespace=_wire.NAMESPACE, callback=on_ack)
        except Exception as e:
            return "cannot register with %s: %s" % (hub, e)
        waited = 0.0
        while not answered.wait(0.05):
            waited += 0.05
            if lost.is_set() or self._closed.is_set():
                return "lost %s while registering" % hub
            if waited >= self._options.ack_timeout:
                return "no registration ack from %s within %.1fs" % (hub, self._options.ack_timeout)
        if not self.registered:
            return "registration refused by %s: %s" % (hub, _wire.ack_message(answer.get("args", ())))
        return None

    def _forwarding(self, client: Any, handler: Callable[..., Any]) -> Callable[..., Any]:
        def forward(*args: Any) -> Any:
            with self._lock:
                current = self._client is client and not self._closed.is_set()
            if not current:
                return None
            return handler(*args)
        return forward

    def _auth(self) -> Optional[Dict[str, str]]:
        token = self._options.token
        return {_wire.AUTH_TOKEN_FIELD: token} if token is not None else None


def _socketio_client(options: ServiceOptions) -> Any:
    import socketio  # imported here so the registry and its tests need no socketio

    return socketio.Client(reconnection=False, handle_sigint=False, logger=False, engineio_logger=False,
                           request_timeout=options.connect_timeout)


def _refusal(reason: Any) -> str:
    if isinstance(reason, dict) and reason.get("message"):
        return str(reason["message"])
    return str(reason)


def _is_up(client: Any) -> bool:
    eio = getattr(client, "eio", None)
    return bool(getattr(client, "connected", True)) and (eio is None or getattr(eio, "state", "connected") == "connected")


def _disconnect(client: Any) -> None:
    try:
        client.disconnect()
    except Exception as e:  # already gone
        log.debug("disconnect: %s", e)
