"""Uyghur and Kazakh (Arabic script) for the public portal and the citizen's opinion form
(issue 9, item 7): the catalogs cover every message those pages show, one msgid has one
translation per language, and the page is written right to left."""

from __future__ import annotations

import inspect
import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src/lvzhi"
RTL_LANGUAGES = ["ug", "kk"]

# The public pages, precisely: the layouts and the pieces they include, the portal's public
# pages, the station pages a citizen sees (list, page, opinion form, sent, tracking), and the
# public lists and details of suggestions and proposals. Staff pages (the news editor, the
# desk, the opinion queue) are not in it: they stay in Chinese.
PUBLIC_TEMPLATES = [
    "templates/base.html",
    "templates/_brand.html",
    "templates/_languages.html",
    "templates/_form_field.html",
    "templates/_pagination.html",
    "templates/404.html",
    "templates/error.html",
    "portal/templates/portal/base.html",
    "portal/templates/portal/home.html",
    "portal/templates/portal/deputies.html",
    "portal/templates/portal/_deputy_card.html",
    "portal/templates/portal/deputy.html",
    "portal/templates/portal/find.html",
    "portal/templates/portal/news_list.html",
    "portal/templates/portal/news_detail.html",
    "stations/templates/stations/list.html",
    "stations/templates/stations/detail.html",
    "stations/templates/stations/opinion_form.html",
    "stations/templates/stations/sent.html",
    "stations/templates/stations/track.html",
    "stations/templates/stations/_event.html",
    "suggestions/templates/suggestions/public_list.html",
    "suggestions/templates/suggestions/public_detail.html",
    "proposals/templates/proposals/public_list.html",
    "proposals/templates/proposals/public_detail.html",
    "proposals/templates/proposals/_status.html",
]


def _catalogs(language: str) -> list[Path]:
    return sorted(SRC.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def _parse(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every entry (plural forms: the first msgstr)."""
    out: list[tuple[str, str, bool]] = []
    msgid: str | None = None
    msgstr: str | None = None
    fuzzy, mode = False, ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, mode = line[7:-1], "id"
        elif line.startswith("msgid_plural"):
            mode = "plural"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
            msgstr, mode = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith("msgstr["):
            mode = "other"
        elif line.startswith('"') and mode == "id":
            msgid = (msgid or "") + line[1:-1]
        elif line.startswith('"') and mode == "str":
            msgstr = (msgstr or "") + line[1:-1]
        elif not line.strip() and msgid is not None:
            out.append((msgid, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, mode = None, None, False, ""
    return [e for e in out if e[0]]


def _template_msgids(tmp_path: Path) -> set[str]:
    from django.utils.translation import templatize

    sources = []
    for name in PUBLIC_TEMPLATES:
        path = SRC / name
        target = tmp_path / (name.replace("/", "_") + ".py")
        target.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)))
        sources.append(str(target))
    pot = tmp_path / "public.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=_",
         "--keyword=gettext", "--keyword=pgettext:1c,2", "--keyword=ngettext:1,2",
         "--no-location", "-o", str(pot), *sources],
        check=True,
    )  # fmt: skip
    return {m for m, _s, _f in _parse(pot)}


def _form_msgids() -> set[str]:
    """Labels, help texts, choices and error messages of the opinion form and the portal's
    directory filter, and the messages the opinion view itself says (and its check question)."""
    from django import forms

    from lvzhi.core import challenge
    from lvzhi.portal.forms import DirectoryForm
    from lvzhi.stations import views as station_views
    from lvzhi.stations.forms import OpinionForm

    out: set[str] = set()
    with translation.override(None):  # lazy texts evaluate to their msgids
        for form in (OpinionForm(station_id=0), DirectoryForm(None, [], [], [])):
            for field in form.fields.values():
                out |= {str(field.label), str(field.help_text)}
                if isinstance(form, OpinionForm):
                    out |= {str(m) for m in field.error_messages.values()}
                if isinstance(field, forms.ModelChoiceField):  # its rows are names, not text
                    out.add(str(field.empty_label or ""))
                elif isinstance(field, forms.ChoiceField):
                    out |= {str(label) for _v, label in field.choices}
    for source in (inspect.getsource(station_views.opinion_new), inspect.getsource(challenge)):
        out |= set(re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"', source))
    # The steps the tracking page shows: the public kinds of the event log (stations/events.py).
    from lvzhi.core import events

    with translation.override(None):
        out |= {str(k.label) for k in events.kinds("stations") if k.public}
    return {m for m in out if m}


@pytest.fixture(scope="module")
def public_msgids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    import shutil

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (make system-deps installs it)")
    return _template_msgids(tmp_path_factory.mktemp("pot")) | _form_msgids()


@pytest.mark.parametrize("language", RTL_LANGUAGES)
def test_catalogs_translate_every_message_of_the_public_pages_and_opinion_form(
    language: str, public_msgids: set[str]
) -> None:
    """Issue 9 item 7: a Uyghur or Kazakh visitor reads no English on the portal, the station
    pages, the public suggestions and proposals, or in the opinion form."""
    translated = {m for c in _catalogs(language) for m, s, f in _parse(c) if s and not f}
    assert len(public_msgids) > 150
    assert sorted(public_msgids - translated) == []


@pytest.mark.parametrize("language", RTL_LANGUAGES)
def test_one_msgid_has_one_translation_per_language(language: str) -> None:
    """The same rule as for Chinese: catalogs that come first in LOCALE_PATHS must not change
    another app's wording."""
    seen: dict[str, str] = {}
    clashes = []
    from lvzhi.core.languages import read_po

    for catalog in _catalogs(language):
        # Keyed as gettext keys them: the language "Uyghur" (msgctxt "language") and the people
        # "Uyghur" are two messages.
        for entry in read_po(catalog)[1]:
            msgstr = entry.msgstr[0]
            if not msgstr:
                continue
            if entry.key in seen and seen[entry.key] != msgstr:
                clashes.append(entry.key)
            seen.setdefault(entry.key, msgstr)
    assert clashes == []


@pytest.mark.parametrize("language", RTL_LANGUAGES)
def test_catalogs_have_no_fuzzy_entry_and_are_written_in_the_arabic_script(language: str) -> None:
    arabic = re.compile(r"[\u0600-\u06FF]")
    for catalog in _catalogs(language):
        for msgid, msgstr, fuzzy in _parse(catalog):
            assert not fuzzy, msgid
            letters = re.sub(r"%\(\w+\)s|\{\{.*?\}\}|[\W\d_]", "", msgstr)
            if letters:
                assert arabic.search(msgstr), (msgid, msgstr)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "word"), [("ug", "ۋەكىللەر تىزىملىكى"), ("kk", "دەپۋتاتتار ٴتىزىمى")]
)
def test_portal_speaks_the_chosen_language_right_to_left(
    client: Client, language: str, word: str
) -> None:
    """Issue 9 item 7: <html lang dir> comes from the active language (get_language_bidi)."""
    client.cookies["django_language"] = language
    body = client.get("/portal/").content.decode()
    assert f'<html lang="{language}" dir="rtl">' in body
    assert word in body
    # Each language is named in itself, whatever the page's language.
    for code, name in (
        ("zh-hans", "简体中文"),
        ("ug", "ئۇيغۇرچە"),
        ("kk", "قازاقشا"),
        ("en", "English"),
    ):
        assert re.search(rf'lang="{code}"[^>]*>{name}</a>', body), code
    zh = Client().get("/portal/").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in zh and "代表名单" in zh


@pytest.mark.django_db
def test_language_link_sets_the_cookie_and_returns_to_the_page(client: Client) -> None:
    response = client.get("/language/kk/", {"next": "/portal/deputies/?q=a"})
    assert response.status_code == 302 and response["Location"] == "/portal/deputies/?q=a"
    assert response.cookies["django_language"].value == "kk"
    assert client.get("/portal/").content.decode().count('dir="rtl"') >= 1


@pytest.mark.django_db
def test_language_link_refuses_unknown_languages_and_foreign_targets(client: Client) -> None:
    assert client.get("/language/xx/").status_code == 404
    response = client.get("/language/ug/", {"next": "https://example.org/"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_cached_portal_page_is_kept_per_language(client: Client) -> None:
    """The anonymous page cache keys on the language: a Chinese page in the cache is never
    served to a Kazakh reader (and the other way round)."""
    from django.core.cache import cache

    cache.clear()
    first = client.get("/portal/")
    assert "代表名单" in first.content.decode()
    client.cookies["django_language"] = "kk"
    kazakh = client.get("/portal/")
    assert kazakh["X-Portal-Cache"] == "miss"
    assert "دەپۋتاتتار ٴتىزىمى" in kazakh.content.decode()
    assert "Cookie" in kazakh["Vary"]
    assert client.get("/portal/")["X-Portal-Cache"] == "hit"
    client.cookies["django_language"] = "zh-hans"
    assert "代表名单" in client.get("/portal/").content.decode()


def test_kazakh_is_described_as_arabic_script_right_to_left() -> None:
    from django.utils.translation import get_language_info

    assert get_language_info("kk")["bidi"] is True
    assert get_language_info("ug")["bidi"] is True
    with translation.override("kk"):
        assert translation.get_language_bidi()


def test_check_question_of_the_opinion_form_is_written_in_the_page_language() -> None:
    """The sum's first number is in words of the page (R44's online form, issue 9 item 7)."""
    from types import SimpleNamespace

    from lvzhi.core import challenge

    request = SimpleNamespace(session={})
    with translation.override("ug"):
        text = challenge.new(request, "t")
    answer = challenge.expected_for_tests(request.session, "t")
    assert answer is not None and "قوشۇلۇش" in text
    assert not re.search(r"[\u4e00-\u9fff]", text)  # no Chinese numeral on a Uyghur page
