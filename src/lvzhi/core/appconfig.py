"""The shape of every domain app's ``AppConfig`` (issue 17): what an app adds to core's
registries, declared instead of written out in each ``ready()``.

- ``registers``: the app's functions, ``"<module>.<function>"``, that add its menus, desk
  panels, files, documents or reasons (``"desk.register"``, ``"reports.register_pdfs"``);
- ``seed_order``: the app's ``demo.seed`` (and ``demo.bulk`` where it has one) runs in this
  order among the demo seeders; ``None``: the app seeds nothing;
- ``audit_actions``: the labels of the app's audit-log actions;
- ``workflows``: the app's workflows for the diagrams, ``("<module>.<name>", heading, order)``;
- ``register()``: anything else (signals, encrypted columns), after the above.

An app's ``apps.py`` imports this module, not the class, so Django finds the app's own
config as the only ``AppConfig`` there.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any, ClassVar

from django.apps import AppConfig


class LvzhiConfig(AppConfig):
    registers: ClassVar[tuple[str, ...]] = ("desk.register",)
    seed_order: ClassVar[int | None] = None
    audit_actions: ClassVar[Mapping[str, Any]] = {}
    workflows: ClassVar[tuple[tuple[str, str, int], ...]] = ()

    def ready(self) -> None:
        for dotted in self.registers:
            self._named(dotted)()
        if self.seed_order is not None:
            from .demo import Seeder, register_seeder

            demo = import_module(f"{self.name}.demo")
            bulk = getattr(demo, "bulk", None)
            register_seeder(Seeder(self.label, demo.seed, order=self.seed_order, bulk=bulk))
        if self.audit_actions:
            from .audit import register_actions

            register_actions(dict(self.audit_actions))
        if self.workflows:
            from . import workflow

            for dotted, heading, order in self.workflows:
                workflow.register(heading, self._named(dotted), order=order)
        self.register()

    def _named(self, dotted: str) -> Any:
        """The app's ``"<module>.<name>"``."""
        module, name = dotted.rsplit(".", 1)
        return getattr(import_module(f"{self.name}.{module}"), name)

    def register(self) -> None:
        """What else the app adds to core's registries; nothing unless it says."""
