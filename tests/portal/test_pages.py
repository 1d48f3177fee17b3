"""The public portal (issue 9, item 1): pages anyone can open, public fields only, constant
query counts, cached for anonymous visitors only; the office's news editor (R54, Art 91)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lvzhi.core.models import AuditEvent, Division, DivisionLevel
from lvzhi.portal import services
from lvzhi.portal.models import News
from lvzhi.registry.models import Deputy, Membership
from lvzhi.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def anon(url: str, **params: Any) -> Any:
    return Client().get(url, params)


def title_and_description(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    desc = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert title and desc
    return title.group(1).strip(), desc.group(1).strip()


def test_r54_home_shows_published_news_and_r43_public_suggestions_only() -> None:
    html = anon("/portal/").content.decode()
    published = News.objects.filter(is_published=True).first()
    draft = News.objects.filter(is_published=False).first()
    assert published is not None and draft is not None
    assert published.title in html and draft.title not in html
    public = Suggestion.objects.filter(is_public=True, status__in=["replied", "closed"]).first()
    assert public is not None and public.title in html
    assert anon(f"/portal/news/{draft.pk}/").status_code == 404
    assert anon(f"/portal/news/{published.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/portal/", "/portal/deputies/", "/portal/find/", "/portal/news/"])
def test_every_public_page_has_its_own_title_and_description(url: str) -> None:
    response = anon(url)
    assert response.status_code == 200
    title, desc = title_and_description(response.content.decode())
    assert "伊犁州人大" in title or "伊犁" in title
    assert len(desc) > 10
    assert "<script" not in response.content.decode()  # works without JavaScript


def test_r43_directory_sorted_by_pinyin_with_public_fields_only() -> None:
    html = anon("/portal/deputies/").content.decode()
    deputies = list(Deputy.objects.filter(memberships__status="serving").distinct())
    shown = [d for d in sorted(deputies, key=lambda d: (d.name_pinyin, d.pk))][:30]
    positions = [html.index(f'/portal/deputies/{d.pk}/"') for d in shown]
    assert positions == sorted(positions)
    for d in shown:
        if d.phone_masked:
            assert d.phone_masked not in html
        assert d.birth_date.isoformat() not in html


def test_directory_filters_by_level_division_and_delegation() -> None:
    """The deputies listed are exactly those with a serving seat matching every filter."""
    m = (
        Membership.objects.filter(status="serving", term__is_current=True, delegation__isnull=False)
        .select_related("deputy", "electoral_unit__division")
        .first()
    )
    assert m is not None
    county = m.electoral_unit.division.code[:6]
    html = anon(
        "/portal/deputies/", level=m.level, division=county, delegation=m.delegation_id
    ).content.decode()
    shown = {int(pk) for pk in re.findall(r'href="/portal/deputies/(\d+)/"', html)}
    expected = set(
        Membership.objects.filter(
            status="serving",
            term__is_current=True,
            level=m.level,
            electoral_unit__division__code__startswith=county,
            delegation_id=m.delegation_id,
        ).values_list("deputy_id", flat=True)
    )
    assert m.deputy_id in shown
    assert shown == expected or (len(shown) == 30 and shown <= expected)


@pytest.mark.parametrize(
    "params", [{"level": "galaxy"}, {"delegation": "x"}, {"q": "长" * 40}, {"division": "\x00"}]
)
def test_directory_bad_filters_answer_a_message_not_a_500(params: dict[str, str]) -> None:
    response = anon("/portal/deputies/", **params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_directory_query_count_does_not_grow_with_the_page(
    django_assert_max_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    """Measured at two sizes: a page of one deputy found by name, then a full page; an empty
    result skips the rows' queries, so it is not the small size."""
    full = anon("/portal/deputies/")
    name = full.context["page"].object_list[0].name
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        small = anon("/portal/deputies/", q=name)
    assert small.status_code == 200
    assert len(small.context["page"].object_list) < len(full.context["page"].object_list)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert anon("/portal/deputies/").status_code == 200
    assert len(many) == len(one)
    cache.clear()
    with django_assert_max_num_queries(8):
        assert anon("/portal/deputies/", page=2).status_code == 200


def test_r43_profile_shows_the_duty_summary_and_no_personal_numbers(
    django_assert_max_num_queries: Any,
) -> None:
    s = Suggestion.objects.filter(is_public=True, status__in=["replied", "closed"]).first()
    assert s is not None
    d = s.proposer
    with django_assert_max_num_queries(12):
        response = anon(f"/portal/deputies/{d.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and d.name in html and s.title in html
    led = Suggestion.objects.filter(proposer=d).exclude(status__in=["draft", "withdrawn"]).count()
    assert f"<strong>{led}</strong>" in html
    assert d.birth_date.isoformat() not in html
    if d.phone_masked:
        assert d.phone_masked not in html
    assert anon("/portal/deputies/99999999/").status_code == 404


def test_find_my_deputy_by_township() -> None:
    m = (
        Membership.objects.filter(
            status="serving", term__is_current=True, electoral_unit__division__level="township"
        )
        .select_related("deputy", "electoral_unit__division")
        .first()
    )
    assert m is not None
    town = m.electoral_unit.division
    response = anon("/portal/find/", township=town.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert town.name in html and f"/portal/deputies/{m.deputy_id}/" in html
    county_deputy = Membership.objects.filter(
        status="serving",
        term__is_current=True,
        level="prefecture",
        electoral_unit__division__code=town.code[:6],
    ).first()
    if county_deputy is not None:
        assert f"/portal/deputies/{county_deputy.deputy_id}/" in html


@pytest.mark.parametrize("code", ["999999999", "654002", "65'--\x00", "x" * 40])
def test_find_with_a_wrong_place_answers_a_message(code: str) -> None:
    response = anon("/portal/find/", township=code)
    assert response.status_code == 400
    assert "请从列表中选择" in response.content.decode()


def test_sitemap_lists_public_pages_only() -> None:
    response = anon("/portal/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert xml.startswith("<?xml")
    public = Suggestion.objects.filter(is_public=True, status__in=["replied", "closed"]).first()
    private = Suggestion.objects.filter(is_public=False).first()
    assert public is not None and f"/suggestions/public/{public.pk}/" in xml
    assert private is not None and f"/suggestions/public/{private.pk}/<" not in xml
    draft = News.objects.filter(is_published=False).first()
    assert draft is not None and f"/portal/news/{draft.pk}/" not in xml
    robots = anon("/portal/robots.txt").content.decode()
    assert "Sitemap: http://testserver/portal/sitemap.xml" in robots


def test_anonymous_pages_are_cached_and_news_changes_clear_the_cache(
    django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = anon("/portal/")
    assert first["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = anon("/portal/")
    assert second["X-Portal-Cache"] == "hit" and second.content == first.content
    from lvzhi.core.models import User

    with django_capture_on_commit_callbacks(execute=True):
        with_new = services.news_save(
            actor=User.objects.get(username="office"),
            title="新闻缓存测试",
            body="正文",
            is_published=True,
        )
    third = anon("/portal/")
    assert third["X-Portal-Cache"] == "miss" and with_new.title in third.content.decode()


def test_signed_in_visitors_never_get_or_fill_the_cache(login: Any) -> None:
    anon("/portal/")  # an anonymous visitor fills the cache
    client = login("deputy")
    response = client.get("/portal/")
    assert "X-Portal-Cache" not in response
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_r54_office_edits_news_others_may_not(login: Any) -> None:
    client = login("office")
    assert client.get("/portal/editor/").status_code == 200
    bad = client.post("/portal/editor/new/", {"title": " ", "body": "正文\x00"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    ok = client.post(
        "/portal/editor/new/",
        {"title": "代表视察工作", "summary": "摘要", "body": "正文", "is_published": "on"},
    )
    assert ok.status_code == 302
    item = News.objects.get(title="代表视察工作")
    assert item.is_published and item.published_on is not None
    assert AuditEvent.objects.filter(action="portal.news_created", object_id=str(item.pk)).exists()
    long = client.post(f"/portal/editor/{item.pk}/", {"title": "长" * 121, "body": "正文"})
    assert long.status_code == 400 and "长" * 121 in long.content.decode()  # keeps the input
    item.refresh_from_db()
    assert item.title == "代表视察工作"
    for persona in ["deputy", "yining", "handling"]:
        other = login(persona)
        assert other.get("/portal/editor/").status_code == 403
        assert other.post(f"/portal/editor/{item.pk}/delete/").status_code == 403
    assert News.objects.filter(pk=item.pk).exists()
    client = login("office")
    assert client.post(f"/portal/editor/{item.pk}/delete/").status_code == 302
    assert not News.objects.filter(pk=item.pk).exists()


def test_portal_links_to_the_public_lists_and_stations() -> None:
    html = anon("/portal/").content.decode()
    for url in ["/suggestions/public/", "/proposals/public/", "/stations/", "/portal/find/"]:
        assert f'href="{url}"' in html
    assert anon("/stations/").status_code == 200
    assert Division.objects.filter(level=DivisionLevel.TOWNSHIP).exists()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_directory_downloads_as_csv_and_xlsx_with_public_fields_only(export: str) -> None:
    response = anon("/portal/deputies/", level="prefecture", format=export)
    assert response.status_code == 200
    assert f'filename="deputies.{export}"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    expected = (
        Membership.objects.filter(status="serving", term__is_current=True, level="prefecture")
        .values("deputy_id")
        .distinct()
        .count()
    )
    if export == "csv":
        lines = body.decode("utf-8-sig").strip().splitlines()
        assert lines[0].startswith("代表姓名,性别,民族") and len(lines) == expected + 1
        some = Deputy.objects.exclude(phone_masked="").first()
        assert some is not None and some.phone_masked not in body.decode("utf-8-sig")
    else:
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet is not None and sheet.max_row == expected + 2  # title row, header
    # A download is never served from, nor stored in, the page cache.
    again = anon("/portal/deputies/", level="prefecture", format=export)
    assert "Content-Disposition" in again
