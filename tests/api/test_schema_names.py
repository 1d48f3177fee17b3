"""OpenAPI components are keyed by a schema's class name: two classes of one name make the
document describe one of them under both (django-ninja keeps the last it meets), so an endpoint
would be documented with another endpoint's body. Every name must belong to one class, and
each component of the document must be the schema of the class the endpoints really use."""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from lvzhi.api.api import api


def _models_in(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            _models_in(arg, found)


def _classes_of_the_endpoints() -> set[type[BaseModel]]:
    """Every schema class an operation accepts or returns (below ninja's own wrappers: the
    parameter models and the response wrapper are flattened, never components)."""
    found: set[type[BaseModel]] = set()
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            _models_in(field.annotation, found)
    return found


def test_every_schema_name_belongs_to_one_class() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _classes_of_the_endpoints():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    twice = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert twice == {}


def test_each_component_is_the_schema_of_its_class() -> None:
    classes = {cls.__name__: cls for cls in _classes_of_the_endpoints()}
    components = api.get_openapi_schema()["components"]["schemas"]
    checked = 0
    for name, component in components.items():
        cls = classes.get(name)
        if cls is None or "properties" not in component:
            continue
        fields = {f.alias or n for n, f in cls.model_fields.items()}
        assert set(component["properties"]) == fields, name
        checked += 1
    assert checked > 50
