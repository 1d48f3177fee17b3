"""A small structural JSON Schema checker for the Popolo schemas in ``popolo/`` (``jsonschema``
is not installed and no dependency may be added). It understands exactly what those files
use: ``type`` (one or a list), ``required``, ``properties``, ``additionalProperties: false``,
``items``, ``pattern`` and ``$ref`` to a sibling file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "popolo"
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "null": type(None),
    "boolean": bool,
    "integer": int,
    "number": (int, float),
}
KNOWN = {"$schema", "id", "title", "description", "type", "required", "properties"}
KNOWN |= {"additionalProperties", "items", "pattern", "$ref"}


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((HERE / name).read_text(encoding="utf-8"))
    return schema


def errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) not understood: {sorted(unknown)}")
    if "$ref" in schema:
        return errors(value, load(schema["$ref"].split("#")[0]), where)
    out: list[str] = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        ok = any(
            isinstance(value, _TYPES[n]) and not (n in ("integer", "number") and value is True)
            for n in names
        )
        if not ok:
            return [f"{where}: {type(value).__name__} is not {names}"]
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{where}: {key} is required")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                out.extend(errors(item, props[key], f"{where}.{key}"))
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}: {key} is not a field of {schema.get('title')}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            out.extend(errors(item, schema["items"], f"{where}[{i}]"))
    return out
