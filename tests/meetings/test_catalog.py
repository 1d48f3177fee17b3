"""App catalogs take precedence over the project's (LOCALE_PATHS order): a msgid shared with
the project catalog must keep the project's Chinese, or other pages would change wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..core.test_i18n import _parse

SRC = Path(__file__).resolve().parents[2] / "src/lvzhi"
pytestmark = pytest.mark.django_db
PROJECT = SRC / "locale/zh_Hans/LC_MESSAGES/django.po"


@pytest.mark.parametrize("app", ["meetings", "voting"])
def test_app_catalog_never_overrides_a_project_translation(app: str) -> None:
    project = {m: s for m, s, _f in _parse(PROJECT)}
    mine = {m: s for m, s, _f in _parse(SRC / app / "locale/zh_Hans/LC_MESSAGES/django.po")}
    clashes = {m: (s, project[m]) for m, s in mine.items() if m in project and project[m] != s}
    assert clashes == {}


def test_meetings_and_voting_agree_on_shared_messages() -> None:
    a = {m: s for m, s, _f in _parse(SRC / "meetings/locale/zh_Hans/LC_MESSAGES/django.po")}
    b = {m: s for m, s, _f in _parse(SRC / "voting/locale/zh_Hans/LC_MESSAGES/django.po")}
    assert {m: (a[m], b[m]) for m in a.keys() & b.keys() if a[m] != b[m]} == {}
