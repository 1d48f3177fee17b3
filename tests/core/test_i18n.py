"""Chinese first: zh-hans by default, and the catalog is complete (msgids in English)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src/lvzhi"
# The project catalog, and one per app that keeps its own (see LOCALE_PATHS in settings).
CATALOGS = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
PO = SRC / "locale/zh_Hans/LC_MESSAGES/django.po"


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry, parsed without third-party tools. An entry with
    a context (pgettext) is keyed as gettext keys it, "context\x04msgid": the language
    "Uyghur" (维吾尔语) and the people "Uyghur" (维吾尔族) are two messages."""
    out, msgid, msgstr, fuzzy, mode, ctxt = [], None, None, False, None, None
    for line in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            ctxt, mode = line[9:-1], "ctxt"
        elif line.startswith("msgid "):
            msgid, mode = line[7:-1], "id"
        elif line.startswith("msgstr"):
            msgstr, mode = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith('"') and mode == "ctxt":
            ctxt = (ctxt or "") + line[1:-1]
        elif line.startswith('"') and mode == "id":
            msgid = (msgid or "") + line[1:-1]
        elif line.startswith('"') and mode == "str":
            msgstr = (msgstr or "") + line[1:-1]
        elif not line.strip() and msgid is not None:
            key = f"{ctxt}\x04{msgid}" if ctxt and msgid else msgid
            out.append((key, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, mode, ctxt = None, None, False, None, None
    return [e for e in out if e[0]]


def _all_entries() -> list[tuple[str, str, bool]]:
    return [e for catalog in CATALOGS for e in _parse(catalog)]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(SRC)))
def test_catalog_has_a_translation_for_every_message_and_none_fuzzy(catalog: Path) -> None:
    entries = _parse(catalog)
    assert entries
    untranslated = [m for m, s, _f in entries if not s]
    fuzzy = [m for m, _s, f in entries if f]
    assert untranslated == [] and fuzzy == []
    # A guessed translation that makemessages carried over from a similar message.
    assert "\n#| msgid" not in catalog.read_text(encoding="utf-8")


def test_project_catalog_is_the_big_one() -> None:
    assert len(_entries()) > 200


def test_catalog_covers_every_message_in_the_code(tmp_path: Path) -> None:
    """makemessages finds no msgid that the committed catalog lacks."""
    import shutil

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (make system-deps installs it)")
    src = SRC
    pot = tmp_path / "django.pot"
    files = sorted(str(p) for p in src.rglob("*.py") if "migrations" not in p.parts)
    templates = sorted(str(p) for p in src.rglob("*.html"))
    from django.core.management.commands.makemessages import Command  # noqa: F401
    from django.utils.translation import templatize

    tmp_templates = []
    for t in templates:
        target = tmp_path / (t.replace("/", "_") + ".py")
        target.write_text(
            templatize(Path(t).read_text(encoding="utf-8"), origin=t), encoding="utf-8"
        )
        tmp_templates.append(str(target))
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--keyword=_",
            "--keyword=gettext_lazy",
            "--keyword=gettext",
            "--keyword=ngettext:1,2",
            "--keyword=ngettext_lazy:1,2",
            "--keyword=pgettext:1c,2",
            "--keyword=pgettext_lazy:1c,2",
            "--keyword=npgettext:1c,2,3",
            "--no-location",
            "-o",
            str(pot),
            *files,
            *tmp_templates,
        ],
        check=True,
    )
    code_ids = {m for m, _s, _f in _parse(pot)}
    catalog_ids = {m for m, _s, _f in _all_entries()}
    assert sorted(code_ids - catalog_ids - {""}) == []


def _parse(path: Path) -> list[tuple[str, str, bool]]:
    global PO
    old, PO = PO, path
    try:
        return _entries()
    finally:
        PO = old


@pytest.mark.django_db
def test_pages_are_in_chinese_even_for_an_english_browser(client: Client) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in body and "登录" in body


def test_no_message_is_translated_differently_in_two_catalogs() -> None:
    """App catalogs come first in LOCALE_PATHS: the same msgid translated differently in two
    catalogs would silently change the wording of another app's pages."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for catalog in CATALOGS:
        for msgid, msgstr, _fuzzy in _parse(catalog):
            if msgid in seen and seen[msgid][1] != msgstr:
                clashes.append((msgid, seen[msgid], (catalog.parts[-5], msgstr)))
            seen.setdefault(msgid, (catalog.parts[-5], msgstr))
    assert clashes == []


def test_no_translation_repeats_itself() -> None:
    """A broken merge of a catalog once repeated translations many times over."""
    repeated = []
    for catalog in CATALOGS:
        for msgid, msgstr, _fuzzy in _parse(catalog):
            for k in range(2, 8):
                unit = msgstr[: len(msgstr) // k]
                if len(msgstr) > 8 and len(msgstr) % k == 0 and unit * k == msgstr:
                    repeated.append(msgid)
    assert repeated == []
