"""A data-only encoding for values that cross between the grader and student code.

Allowed: None, bool, int, float, str, list, tuple, dict (str or int keys), numpy arrays of
plain numeric, bool or unicode dtypes, and numpy scalars of those dtypes. Types are matched
exactly (`type(x) is float`), so subclasses, always-equal objects and ndarray subclasses are
refused on both encoding and decoding. There is no pickle anywhere: what arrives is rebuilt
from JSON-compatible parts and cannot run code.
"""
from __future__ import annotations

import base64
import json
import math

import numpy as np

ALLOWED_DTYPES = frozenset({
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
})
MAX_DEPTH = 32


class WireError(TypeError):
    """A value that is not plain data was offered or received."""


def _dtype_ok(dtype: np.dtype) -> bool:
    return dtype.name in ALLOWED_DTYPES or dtype.kind == "U"


def encode(value, _depth: int = 0):
    """Turn plain data into JSON-compatible objects; raise WireError on anything else."""
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return {"int": str(value)}
    if kind is float:
        return {"float": repr(value)}
    if kind is list or kind is tuple:
        items = [encode(v, _depth + 1) for v in value]
        return {"list" if kind is list else "tuple": items}
    if kind is dict:
        pairs = []
        for key, item in value.items():
            if type(key) not in (str, int):
                raise WireError(f"dict key of type {type(key).__name__} is not allowed")
            pairs.append([encode(key, _depth + 1), encode(item, _depth + 1)])
        return {"dict": pairs}
    if kind is np.ndarray:
        if not _dtype_ok(value.dtype):
            raise WireError(f"array dtype {value.dtype} is not allowed")
        data = np.ascontiguousarray(value)
        return {"array": base64.b64encode(data.tobytes()).decode("ascii"),
                "dtype": data.dtype.str, "shape": list(data.shape)}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        dtype = np.dtype(kind)
        if not _dtype_ok(dtype):
            raise WireError(f"numpy scalar {kind.__name__} is not allowed")
        return {"scalar": encode(np.asarray(value).reshape(1), _depth + 1)}
    raise WireError(f"a value of type {kind.__module__}.{kind.__qualname__} is not plain data")


def decode(obj, _depth: int = 0):
    """Rebuild a value written by `encode`, checking every part's type and size."""
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    if obj is None or type(obj) in (bool, str):
        return obj
    if type(obj) is not dict or len(obj) not in (1, 3):
        raise WireError(f"malformed wire value {str(obj)[:80]!r}")
    if "int" in obj:
        return int(_text(obj["int"]))
    if "float" in obj:
        return float(_text(obj["float"]))
    if "list" in obj or "tuple" in obj:
        items = obj.get("list", obj.get("tuple"))
        if type(items) is not list:
            raise WireError("malformed sequence")
        values = [decode(v, _depth + 1) for v in items]
        return values if "list" in obj else tuple(values)
    if "dict" in obj:
        out = {}
        for pair in obj["dict"]:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed dict entry")
            key = decode(pair[0], _depth + 1)
            if type(key) not in (str, int):
                raise WireError("malformed dict key")
            out[key] = decode(pair[1], _depth + 1)
        return out
    if "array" in obj:
        dtype = np.dtype(_text(obj["dtype"]))
        if not _dtype_ok(dtype):
            raise WireError(f"array dtype {dtype} is not allowed")
        shape = obj["shape"]
        if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
            raise WireError("malformed array shape")
        raw = base64.b64decode(_text(obj["array"]), validate=True)
        if len(raw) != math.prod(shape) * dtype.itemsize:
            raise WireError("array data does not match its shape and dtype")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if "scalar" in obj:
        arr = decode(obj["scalar"], _depth + 1)
        if type(arr) is not np.ndarray or arr.shape != (1,):
            raise WireError("malformed numpy scalar")
        return arr[0]
    raise WireError(f"malformed wire value {str(obj)[:80]!r}")


def _text(x) -> str:
    if type(x) is not str:
        raise WireError("malformed wire value")
    return x


def dumps(value) -> str:
    return json.dumps(encode(value), separators=(",", ":"))


def loads(text: str):
    return decode(json.loads(text))


def sanitize(value):
    """Round-trip a value through the encoding: plain data out, or WireError."""
    return decode(json.loads(json.dumps(encode(value))))
