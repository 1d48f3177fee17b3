"""Issue 24: Uyghur and Kazakh (Arabic script) for everything a deputy, a citizen and a station
keeper sees. The areas are listed once, in ``lvzhi.core.languages.RTL_AREAS``; these tests keep
their catalogs whole (the same check runs in ``make check``: ``python -m lvzhi.core.rtlfill
--check``) and the regulation's terms rendered as the glossary says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lvzhi.core import languages, rtlfill

ROOT = Path(__file__).resolve().parents[2]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is not installed (make system-deps installs it)",
)


def test_the_areas_name_the_deputy_citizen_and_station_keeper_pages_and_documents() -> None:
    """One list, and every entry of it exists (a renamed template must be renamed there)."""
    files = {str(p.relative_to(languages.SRC)) for p in languages.area_files()}
    for expected in (
        "core/templates/core/desk.html",  # the deputy's phone desk
        "suggestions/templates/suggestions/_cosigning.html",
        "proposals/templates/proposals/draft_form.html",
        "voting/templates/voting/_ballot.html",
        "meetings/templates/meetings/material.html",
        "activities/templates/activities/mine.html",
        "records/templates/records/archive.html",
        "stations/templates/stations/opinion_form.html",
        "stations/templates/stations/track.html",
        "stations/templates/stations/queue.html",  # the station keeper
        "portal/templates/portal/home.html",
        "registry/letters.py",  # activation letter
        "records/handbook.py",
        "records/certificates.py",
        "core/outbound.py",  # e-mail and SMS
    ):
        assert expected in files
    # Staff pages stay Chinese (docs/languages.md).
    assert "compliance/templates/compliance/dashboard.html" not in files
    assert "registry/templates/registry/deputy_list.html" not in files


@needs_gettext
def test_every_area_message_is_translated_in_ug_and_kk_none_fuzzy_and_the_glossary_kept() -> None:
    """make check's gate: an area message without a ug or kk translation, a fuzzy or empty
    entry, or a regulation term rendered otherwise than the glossary says."""
    keys = languages.area_message_keys()
    assert len(keys) > 1500
    assert rtlfill.problems() == []


@needs_gettext
def test_ug_and_kk_catalogs_keep_every_placeholder(tmp_path: Path) -> None:
    """msgfmt --check: %(name)s and {0} placeholders exactly as in the msgid."""
    catalogs = [
        languages.catalog_for(zh, lang)
        for zh in languages.zh_catalogs()
        for lang in languages.RTL_LANGUAGES
        if languages.catalog_for(zh, lang).exists()
    ]
    assert len(catalogs) >= 10
    for po in catalogs:
        subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(po)],
            check=True,
            capture_output=True,
        )  # fmt: skip


def test_a_term_inside_a_longer_glossary_term_does_not_count_on_its_own() -> None:
    terms = languages.glossary()
    found = [t.zh for t in languages.terms_in("人民代表大会常务委员会的联络站", terms)]
    assert "人民代表大会" in found and "常务委员会" in found and "联络站" in found
    assert "代表" not in found and "人大" not in found


def test_the_glossary_check_flags_a_term_translated_inconsistently() -> None:
    terms = languages.glossary()
    # 代表 rendered as ۋەكىل / دەپۋتات: a Uyghur text with "خادىم" (staff) for it is flagged.
    bad = languages.missing_terms("代表已签收", "خادىم تاپشۇرۇۋالدى", "ug", terms)
    assert [t.zh for t in bad] == ["代表"]
    good = languages.missing_terms("代表已签收", "ۋەكىل تاپشۇرۇۋالدى", "ug", terms)
    assert good == []
    assert [t.zh for t in languages.missing_terms("表决", "تاڭداۋ", "kk", terms)] == ["表决"]


def test_the_glossary_has_the_regulation_terms_each_with_both_renderings_and_a_source() -> None:
    terms = {t.zh: t for t in languages.glossary()}
    for zh in (
        "人民代表大会",
        "常务委员会",
        "代表",
        "议案",
        "建议",
        "批评和意见",
        "承办单位",
        "交办",
        "答复",
        "代表小组",
        "家室站",
        "代表之家",
        "联络站",
        "履职",
        "视察",
        "调研",
        "表决",
        "赞成",
        "反对",
        "弃权",
        "会议",
        "闭会期间",
        "选民",
        "述职",
        "联名",
    ):
        term = terms[zh]
        assert term.ug and term.kk and term.source, zh
        assert all(term.stems[lang] and all(term.stems[lang]) for lang in ("ug", "kk")), zh


def test_docs_glossary_shows_the_glossary_data() -> None:
    """docs/glossary.md carries the table generated from core/data/glossary.csv; after editing
    the CSV run ``python -m lvzhi.core.rtlfill --glossary-doc``."""
    doc = (ROOT / "docs/glossary.md").read_text(encoding="utf-8")
    start = doc.index(languages.GLOSSARY_BEGIN)
    end = doc.index(languages.GLOSSARY_END) + len(languages.GLOSSARY_END)
    assert doc[start:end] == languages.glossary_markdown()
