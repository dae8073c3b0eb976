"""The wire contract of the ``/cluster`` namespace as the Python SDK speaks it: event names, the assignment as read,
timestamps, and the payloads a service sends. Field names are those of the Java records in
``io.gleitzeit.protocol`` (snake_case); optional fields that have no value are left out, as the Java side does."""

import dataclasses
import enum
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

NAMESPACE = "/cluster"
EXTERNAL_SERVICE_NODE_TYPE = "external_service"
AUTH_TOKEN_FIELD = "token"

NODE_REGISTER = "node:register"
NODE_HEARTBEAT = "node:heartbeat"
TASK_ASSIGN = "task:assign"
TASK_ACCEPTED = "task:accepted"
TASK_PROGRESS = "task:progress"
TASK_COMPLETED = "task:completed"
TASK_FAILED = "task:failed"
TASK_CANCEL = "task:cancel"

BAD_REQUEST = "bad_request"
UNAVAILABLE = "unavailable"


class WireError(ValueError):
    """A payload from the hub that cannot be read; the message names the field."""


def timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with a ``Z``, as Java's ``Instant.toString`` writes it (milliseconds when not whole)."""
    utc = moment.astimezone(timezone.utc)
    spec = "seconds" if utc.microsecond == 0 else "milliseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


_FRACTION = re.compile(r"\.(\d+)")


def parse_timestamp(value: Any, field: str) -> Optional[datetime]:
    """Reads a wire timestamp leniently, like the hub: ISO-8601 with or without an offset (no offset means UTC),
    or seconds since the epoch. ``None`` or empty text means absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise WireError("%s must be a timestamp, got %r" % (field, value))
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), timezone.utc)
    if not isinstance(value, str):
        raise WireError("%s must be a timestamp, got %r" % (field, value))
    text = value.strip()
    try:
        return datetime.fromtimestamp(float(text), timezone.utc)
    except ValueError:
        pass
    # Python before 3.11 reads neither a 'Z' nor more than six fraction digits (Java writes up to nine).
    normalized = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    normalized = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], normalized, count=1)
    try:
        parsed = datetime.fromisoformat(normalized)
    except ValueError:
        raise WireError("%s must be an ISO-8601 timestamp or epoch seconds, got %r" % (field, value)) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def parse_seconds(value: Any, field: str) -> Optional[float]:
    """A duration in seconds (a number or numeric text); ``None`` when absent, refused when negative."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise WireError("%s must be a number of seconds, got %r" % (field, value))
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise WireError("%s must be a number of seconds, got %r" % (field, value)) from None
    if math.isnan(seconds) or seconds < 0:
        raise WireError("%s must not be negative, got %r" % (field, value))
    return seconds


@dataclass(frozen=True)
class Assignment:
    """A ``task:assign`` as the service uses it."""

    task_id: str
    workflow_id: Optional[str]
    attempt: int
    idempotency_key: str
    task_name: Optional[str]
    handler_type: Optional[str]
    endpoint_id: Optional[str]
    #: The handler's input: ``external_parameters`` when it is a non-empty object, else ``parameters``.
    parameters: Dict[str, Any]
    #: The shorter of ``external_timeout`` and ``timeout`` in seconds; a zero limit means none.
    time_limit: Optional[float]
    deadline: Optional[datetime]

    @classmethod
    def from_wire(cls, payload: Any) -> "Assignment":
        if not isinstance(payload, Mapping):
            raise WireError("task:assign must be an object, got %s" % type(payload).__name__)
        task_id = payload.get("task_id")
        if not isinstance(task_id, str) or not task_id.strip():
            raise WireError("task_id is required and must be a non-blank string")
        attempt = payload.get("attempt")
        if attempt is None:
            attempt = 1
        if isinstance(attempt, bool) or not isinstance(attempt, int):
            raise WireError("attempt must be an integer, got %r" % (attempt,))
        attempt = max(1, attempt)
        key = payload.get("idempotency_key")
        if not isinstance(key, str) or not key.strip():
            key = "%s:%d" % (task_id, attempt)
        limits = [s for s in (parse_seconds(payload.get("external_timeout"), "external_timeout"),
                              parse_seconds(payload.get("timeout"), "timeout")) if s]
        return cls(
            task_id=task_id,
            workflow_id=_text(payload.get("workflow_id")),
            attempt=attempt,
            idempotency_key=key,
            task_name=_text(payload.get("task_name")),
            handler_type=_text(payload.get("external_task_type")) or _text(payload.get("task_type")),
            endpoint_id=_text(payload.get("endpoint_id")),
            parameters=_parameters(payload),
            time_limit=min(limits) if limits else None,
            deadline=parse_timestamp(payload.get("deadline"), "deadline"))

    def effective_deadline(self, now: datetime, own_limit: Optional[float] = None) -> Optional[datetime]:
        """The earliest of the hub's ``deadline``, now + the assignment's limit and now + ``own_limit`` (a function's
        timeout); ``None`` when there is none."""
        candidates = [d for d in (self.deadline,) if d is not None]
        for limit in (self.time_limit, own_limit):
            if limit:
                candidates.append(now + timedelta(seconds=limit))
        return min(candidates) if candidates else None


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _parameters(payload: Mapping) -> Dict[str, Any]:
    external = payload.get("external_parameters")
    if isinstance(external, Mapping) and external:
        return dict(external)
    parameters = payload.get("parameters")
    return dict(parameters) if isinstance(parameters, Mapping) else {}


def ack_ok(**fields: Any) -> Dict[str, Any]:
    reply = {"ok": True}
    reply.update(fields)
    return reply


def ack_error(code: str, message: str) -> Dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message, "details": []}}


def ack_succeeded(args: tuple) -> bool:
    """Whether an ack answered yes: an empty ack (a hub that answers without a body) or anything but ``ok: false``."""
    if not args or not isinstance(args[0], Mapping):
        return True
    return args[0].get("ok", True) is not False


def ack_message(args: tuple) -> str:
    if args and isinstance(args[0], Mapping) and isinstance(args[0].get("error"), Mapping):
        error = args[0]["error"]
        return "%s %s" % (error.get("code", ""), error.get("message", ""))
    return repr(args)


def without_none(payload: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None}


def registration(node_id: str, name: str, task_types: List[str], max_concurrent: int, functions: List[str],
                 version: Optional[str]) -> Dict[str, Any]:
    return without_none({
        "node_id": node_id,
        "name": name,
        "node_type": EXTERNAL_SERVICE_NODE_TYPE,
        "capabilities": {"task_types": list(task_types), "max_concurrent_tasks": max_concurrent,
                         "external_service": True, "service_capabilities": []},
        "service_type": "function",
        "functions": list(functions),
        "models": [],
        "endpoints": [],
        "version": version,
    })


def to_json_value(value: Any) -> Any:
    """A result as plain JSON values. Tuples and sets become lists, dataclasses and objects with ``to_dict()``
    objects, datetimes ISO text, Decimals numbers, Enums their value. Raises ``TypeError``/``ValueError`` for
    anything else, for non-string keys and for NaN or infinity, naming where it sits."""
    return _convert(value, "result")


def _convert(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("%s is %r, which JSON cannot carry" % (where, value))
        return value
    if isinstance(value, Decimal):
        return _convert(int(value) if value == value.to_integral_value() else float(value), where)
    if isinstance(value, Mapping):
        converted = {}
        for key, item in value.items():
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = str(key)  # as json.dumps does
            elif not isinstance(key, str):
                raise TypeError("%s has a key %r that is not a string" % (where, key))
            converted[key] = _convert(item, "%s.%s" % (where, key))
        return converted
    if isinstance(value, (list, tuple)):
        return [_convert(item, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [_convert(item, "%s[]" % where) for item in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, datetime):
        return timestamp(value) if value.tzinfo is not None else value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _convert(dataclasses.asdict(value), where)
    if isinstance(value, enum.Enum):
        return _convert(value.value, where)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _convert(to_dict(), where)
    if hasattr(value, "isoformat"):  # date, time
        return value.isoformat()
    raise TypeError("%s contains a %s, which is not JSON" % (where, type(value).__name__))
