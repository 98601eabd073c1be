"""A fast yes/no check of a JSON value against the subset of JSON Schema that the shipped schemas use.

jsonschema takes about a millisecond per assessment; this compiled check takes a small fraction of
that, so valid files (nearly all of them) skip jsonschema and invalid ones still get its complete,
path-by-path report. The check is conservative: a schema using any keyword it does not know is
never compiled (``compile_schema`` returns None) and jsonschema does all the work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[object], bool]

_IGNORED = frozenset({"$schema", "$id", "title", "description", "format", "$comment"})


def _is_integer(x: object) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


_TYPES: Mapping[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "integer": _is_integer,
    "number": _is_number,
}


class _Unsupported(Exception):
    """A schema keyword the fast check does not handle, so jsonschema must decide."""


def _same_json(x: object, y: object) -> bool:
    # JSON Schema equality: true is not 1, and 1 equals 1.0.
    if isinstance(x, bool) or isinstance(y, bool):
        return x is y
    if _is_number(x) and _is_number(y):
        return bool(x == y)
    return type(x) is type(y) and x == y


def _keyword(keyword: str, value: Any, node: Mapping[str, Any]) -> Check | None:
    if keyword in _IGNORED:
        return None
    if keyword == "type":
        tests = tuple(_TYPES[t] for t in ([value] if isinstance(value, str) else value))
        return lambda x: any(test(x) for test in tests)
    if keyword in ("enum", "const"):
        allowed = tuple(value) if keyword == "enum" else (value,)
        return lambda x: any(_same_json(x, a) for a in allowed)
    if keyword == "minimum":
        return lambda x: not _is_number(x) or x >= value
    if keyword == "maximum":
        return lambda x: not _is_number(x) or x <= value
    if keyword == "exclusiveMinimum":
        return lambda x: not _is_number(x) or x > value
    if keyword == "minItems":
        return lambda x: not isinstance(x, list) or len(x) >= value
    if keyword == "maxItems":
        return lambda x: not isinstance(x, list) or len(x) <= value
    if keyword == "minLength":
        return lambda x: not isinstance(x, str) or len(x) >= value
    if keyword == "required":
        names = tuple(value)
        return lambda x: not isinstance(x, dict) or all(n in x for n in names)
    if keyword == "items":
        item = _compile(value)
        return lambda x: not isinstance(x, list) or all(item(e) for e in x)
    if keyword == "properties":
        properties = {name: _compile(sub) for name, sub in value.items()}
        return lambda x: (
            not isinstance(x, dict) or all(check(x[name]) for name, check in properties.items() if name in x)
        )
    if keyword == "additionalProperties" and value is False and "patternProperties" not in node:
        known = frozenset(node.get("properties", {}))
        return lambda x: not isinstance(x, dict) or all(key in known for key in x)
    raise _Unsupported(keyword)


def _compile(node: Mapping[str, Any]) -> Check:
    checks = tuple(c for k, v in node.items() if (c := _keyword(k, v, node)) is not None)
    return lambda x: all(check(x) for check in checks)


def compile_schema(schema: Mapping[str, Any]) -> Check | None:
    """A function telling whether a value is valid, or None when the schema uses unknown keywords."""
    try:
        return _compile(schema)
    except (_Unsupported, KeyError, TypeError):
        return None
