"""Binds a task's JSON ``args`` and ``kwargs`` to a Python function's signature, as a call would, but with errors
that name the argument and fail the task without retry. Simple annotations (``int``, ``float``, ``str``, ``bool``,
``list``, ``dict``, ``Optional[...]``, ``List[...]``, ``Dict[...]``) are checked; numeric text is accepted for numbers
because ``{{Task.result}}`` inside a string produces text."""

import inspect
import types
import typing
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from .context import TaskContext
from .errors import TaskFailed

_NO_CHECK = object()
_NONE_TYPE = type(None)
_POSITIONAL_ONLY = inspect.Parameter.POSITIONAL_ONLY
_POSITIONAL_OR_KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD
# `int | None` (Python 3.10+) is a types.UnionType, not a typing.Union
_UNION_TYPES = tuple(t for t in (typing.Union, getattr(types, "UnionType", None)) if t is not None)


class Parameter:
    """One argument a function takes, as workflows see it."""

    __slots__ = ("name", "kind", "default", "accepts")

    def __init__(self, name: str, kind: Any, default: Any, accepts: Any) -> None:
        self.name = name
        self.kind = kind
        self.default = default
        #: A tuple of accepted types (``None`` in it allows null), or ``_NO_CHECK``.
        self.accepts = accepts

    @property
    def required(self) -> bool:
        return self.default is inspect.Parameter.empty

    def expected(self) -> str:
        if self.accepts is _NO_CHECK:
            return "any value"
        names = [_TYPE_NAMES.get(t, getattr(t, "__name__", str(t))) for t in self.accepts if t is not _NONE_TYPE]
        text = " or ".join(names)
        return text + " or null" if _NONE_TYPE in self.accepts else text


_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "a boolean", list: "an array",
               dict: "an object"}


class Binder:
    """The binding plan of one function, made once when it is registered."""

    def __init__(self, function: Callable, function_name: str) -> None:
        self.function_name = function_name
        self._signature = inspect.signature(function)
        hints = _type_hints(function)
        self.context_parameter: Optional[str] = None
        self.parameters: List[Parameter] = []
        self._var_positional: Optional[str] = None
        self._var_keyword: Optional[str] = None
        for p in self._signature.parameters.values():
            annotation = hints.get(p.name, p.annotation)
            if _is_context(annotation):
                if self.context_parameter is not None:
                    raise ValueError("%s declares two TaskContext parameters" % function_name)
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    raise ValueError("%s: the TaskContext parameter '%s' must be a plain parameter"
                                     % (function_name, p.name))
                self.context_parameter = p.name
            elif p.kind == p.VAR_POSITIONAL:
                self._var_positional = p.name
            elif p.kind == p.VAR_KEYWORD:
                self._var_keyword = p.name
            else:
                self.parameters.append(Parameter(p.name, p.kind, p.default, _accepted(annotation, p.default)))

    def bind(self, args: Any, kwargs: Any, context: Optional[TaskContext]) -> Tuple[list, dict]:
        """The positional and keyword arguments for the call; raises a not retryable :class:`TaskFailed`
        (``invalid_argument``) naming the argument when the input does not fit."""
        positional = self._as_list(args)
        named = self._as_dict(kwargs)
        slots = [p for p in self.parameters if p.kind in (_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD)]
        if len(positional) > len(slots) and self._var_positional is None:
            raise self._invalid("takes %d positional argument(s) but %d were given" % (len(slots), len(positional)))
        values: Dict[str, Any] = {}
        for parameter, value in zip(slots, positional):
            values[parameter.name] = value
        extras = list(positional[len(slots):])
        extra_named: Dict[str, Any] = {}
        by_name = {p.name: p for p in self.parameters}
        for key, value in named.items():
            parameter = by_name.get(key)
            if parameter is None or parameter.kind == _POSITIONAL_ONLY:
                if self._var_keyword is not None and key != self.context_parameter:
                    extra_named[key] = value
                    continue
                if parameter is not None:
                    raise self._invalid("argument '%s' can only be given by position" % key)
                raise self._invalid("unknown argument '%s'; it accepts %s" % (key, self._accepted_names()))
            if key in values:
                raise self._invalid("got multiple values for argument '%s'" % key)
            values[key] = value
        for parameter in self.parameters:
            if parameter.name in values:
                values[parameter.name] = self._checked(parameter, values[parameter.name])
            elif parameter.required:
                raise self._invalid("missing required argument '%s'" % parameter.name)
        if self.context_parameter is not None:
            values[self.context_parameter] = context
        return self._call_arguments(values, extras, extra_named)

    def _call_arguments(self, values: Dict[str, Any], extras: list, extra_named: dict) -> Tuple[list, dict]:
        call_args: List[Any] = []
        call_kwargs: Dict[str, Any] = {}
        by_position = True
        for p in self._signature.parameters.values():
            if p.kind == p.VAR_POSITIONAL:
                call_args.extend(extras)
                by_position = False
            elif p.kind == p.VAR_KEYWORD:
                call_kwargs.update(extra_named)
            elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and by_position:
                if p.name in values:
                    call_args.append(values[p.name])
                elif p.kind == p.POSITIONAL_ONLY or extras:
                    call_args.append(p.default)  # a later positional value needs this slot filled
                else:
                    by_position = False
            elif p.name in values:
                call_kwargs[p.name] = values[p.name]
        try:
            self._signature.bind(*call_args, **call_kwargs)
        except TypeError as e:
            raise self._invalid(str(e)) from None
        return call_args, call_kwargs

    def _checked(self, parameter: Parameter, value: Any) -> Any:
        accepts = parameter.accepts
        if accepts is _NO_CHECK:
            return value
        if value is None:
            if _NONE_TYPE in accepts or parameter.default is None:
                return None
            raise self._invalid("argument '%s' must not be null; expected %s" % (parameter.name, parameter.expected()))
        for wanted in accepts:
            converted = _convert(value, wanted)
            if converted is not _NO_CHECK:
                return converted
        shown = repr(value) if not isinstance(value, str) else '"%s"' % value
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise self._invalid("argument '%s' expects %s, got %s" % (parameter.name, parameter.expected(), shown))

    def _accepted_names(self) -> str:
        names = [p.name for p in self.parameters if p.kind != _POSITIONAL_ONLY]
        return ", ".join(names) if names else "no named arguments"

    def _as_list(self, args: Any) -> Sequence[Any]:
        if args is None:
            return []
        if isinstance(args, (list, tuple)):
            return args
        raise self._invalid("args must be an array, got %s" % _json_kind(args))

    def _as_dict(self, kwargs: Any) -> Mapping[str, Any]:
        if kwargs is None:
            return {}
        if isinstance(kwargs, Mapping):
            return kwargs
        raise self._invalid("kwargs must be an object, got %s" % _json_kind(kwargs))

    def _invalid(self, message: str) -> TaskFailed:
        return TaskFailed("%s: %s" % (self.function_name, message), retryable=False, error_type="invalid_argument")


def _convert(value: Any, wanted: type) -> Any:
    """The value as ``wanted`` when it fits (losslessly), else ``_NO_CHECK``."""
    if wanted is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return _NO_CHECK
    if isinstance(value, bool):
        return _NO_CHECK  # True is not 1 on the wire
    if wanted is int:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                return _NO_CHECK
        return _NO_CHECK
    if wanted is float:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return _NO_CHECK
            return number if number == number and abs(number) != float("inf") else _NO_CHECK
        return _NO_CHECK
    if wanted is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)):
            return str(value)
        return _NO_CHECK
    if wanted is list:
        return list(value) if isinstance(value, (list, tuple)) else _NO_CHECK
    if wanted is dict:
        return dict(value) if isinstance(value, Mapping) else _NO_CHECK
    return _NO_CHECK


def _accepted(annotation: Any, default: Any) -> Any:
    """The types a parameter's annotation allows, or ``_NO_CHECK`` when it is absent or not a simple one."""
    if annotation is inspect.Parameter.empty or annotation is Any:
        return _NO_CHECK
    simple = _simple(annotation)
    if simple is not None:
        return (simple,)
    if typing.get_origin(annotation) in _UNION_TYPES:
        members = []
        for member in typing.get_args(annotation):
            if member is _NONE_TYPE:
                members.append(_NONE_TYPE)
                continue
            simple = _simple(member)
            if simple is None:
                return _NO_CHECK
            members.append(simple)
        return tuple(members)
    return _NO_CHECK


def _simple(annotation: Any) -> Optional[type]:
    if annotation in (int, float, str, bool, list, dict):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        return origin
    return None


def _is_context(annotation: Any) -> bool:
    if annotation is TaskContext:
        return True
    if isinstance(annotation, type) and issubclass(annotation, TaskContext):
        return True
    # string annotations that could not be resolved (a forward reference)
    return isinstance(annotation, str) and annotation.rsplit(".", 1)[-1] == "TaskContext"


def _type_hints(function: Callable) -> Dict[str, Any]:
    try:
        return typing.get_type_hints(function)
    except Exception:  # unresolvable forward references: fall back to the raw annotations
        return {}


def _json_kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__
