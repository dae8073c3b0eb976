"""Results and failures not yet acknowledged by a hub."""

import threading
from dataclasses import dataclass
from typing import Any, Dict, List


@dataclass(frozen=True)
class Report:
    """One report waiting for its ack: ``key`` is ``completed:<idempotency key>`` or ``failed:<…>``."""

    key: str
    event: str
    payload: Dict[str, Any]


class Outbox:
    """An entry leaves only on the hub's ack; everything still here is sent again after a reconnect, so a dropped
    connection never loses a result."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Dict[str, Report] = {}

    def put(self, key: str, event: str, payload: Dict[str, Any]) -> Report:
        """Adds a report; one with the same key replaces the earlier."""
        report = Report(key, event, payload)
        with self._lock:
            self._pending[key] = report
        return report

    def acknowledged(self, key: str) -> None:
        with self._lock:
            self._pending.pop(key, None)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._pending

    def all(self) -> List[Report]:
        with self._lock:
            return list(self._pending.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)
