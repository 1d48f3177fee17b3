"""Validation of the open-data export against the Popolo JSON Schemas in ``popolo/`` with the
``jsonschema`` validator (draft 4, the draft the schemas declare). Each schema's ``id`` is its
address; a ``$ref`` to a sibling file resolves against it through the registry built here, so
nothing is fetched from the network."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).parent / "popolo"


@cache
def registry() -> Registry[Any]:
    resources = []
    for path in sorted(HERE.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"].rstrip("#"), Resource.from_contents(schema, DRAFT4)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft4Validator:
    schema = json.loads((HERE / name).read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)  # the schema itself is a valid draft-4 schema
    return Draft4Validator(schema, registry=registry())


def errors(value: Any, name: str) -> list[str]:
    """Every way ``value`` breaks the schema ``name`` (e.g. ``person.json``), as readable lines."""
    return [
        f"{e.json_path}: {e.message}"
        for e in sorted(validator(name).iter_errors(value), key=lambda e: e.json_path)
    ]
