"""Issue 24, item 4: user data, numbers and dates inserted into a right-to-left page are
isolated (<bdi>, FSI … PDI in plain text), and dates follow each language's convention."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from lvzhi.core import bidi

TITLE = "关于加快通村公路提升改造的建议。"


def _render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


def test_bdi_filter_isolates_on_a_right_to_left_page_and_escapes() -> None:
    with translation.override("ug"):
        out = _render(
            "<p>{{ t|bdi }} · {{ d|date:'Y-m-d'|bdi }}</p>", t=TITLE + "<b>", d=dt.date(2026, 12, 7)
        )
    assert out == f"<p><bdi>{TITLE}&lt;b&gt;</bdi> · <bdi>2026-12-07</bdi></p>"


def test_bdi_filter_leaves_a_chinese_page_as_it_was() -> None:
    with translation.override("zh-hans"):
        assert _render("{{ t|bdi }}", t="张三") == "张三"
        assert _render("{{ t|bdi }}", t="") == ""


@pytest.mark.parametrize("language", ["ug", "kk"])
def test_plain_text_channels_isolate_inserted_values(language: str) -> None:
    with translation.override(language):
        params = bidi.isolate_params({"title": TITLE, "code": "K7Q2-9XJ4"})
    assert params == {
        "title": f"\u2068{TITLE}\u2069",
        "code": "\u2068K7Q2-9XJ4\u2069",
    }
    with translation.override("zh-hans"):
        assert bidi.isolate_params({"title": TITLE}) == {"title": TITLE}


def test_a_localized_message_keeps_numbers_numeric() -> None:
    from django.utils.translation import gettext_noop

    from lvzhi.core.i18n import Localized

    with translation.override("kk"):
        text = str(Localized(gettext_noop("%(n)d suggestions assigned."), n=3))
    assert text.startswith("3 ")


def test_dates_follow_each_languages_convention() -> None:
    day = dt.date(2026, 12, 7)
    assert bidi.long_date(day, "zh-hans") == "2026年12月7日"
    assert bidi.long_date(day, "ug") == "2026-يىلى 12-ئاينىڭ 7-كۈنى"
    assert bidi.long_date(day, "kk") == "2026-جىلى 7-جەلتوقسان"
    with translation.override("kk"):
        assert _render("{{ d|long_date }}", d=day) == "2026-جىلى 7-جەلتوقسان"


@pytest.mark.django_db
def test_the_citizens_tracking_page_in_uyghur_isolates_the_chinese_title_and_dates(
    client: Any,
) -> None:
    """The tracking page a citizen reads: Uyghur chrome, the Chinese title and the dates in
    <bdi>, right to left; the stylesheet lets Chinese blocks take their own direction."""
    from lvzhi.stations.models import Opinion

    opinion = Opinion.objects.exclude(tracking_code="").select_related("station").first()
    assert opinion is not None
    client.cookies["django_language"] = "ug"
    body = client.get("/stations/track/", {"code": opinion.tracking_code}).content.decode()
    assert '<html lang="ug" dir="rtl">' in body
    assert f"<h2><bdi>{opinion.title}</bdi></h2>" in body
    assert re.search(r"<li><bdi>\d{4}-\d\d-\d\d \d\d:\d\d</bdi> · ", body)


def test_the_stylesheet_gives_data_blocks_their_own_direction_on_rtl_pages() -> None:
    from pathlib import Path

    css = (Path(bidi.__file__).parent / "static/lvzhi/app.css").read_text(encoding="utf-8")
    assert '[dir="rtl"] dd' in css and "unicode-bidi: plaintext" in css
    assert '[dir="rtl"] bdi' in css
