"""The deputy on the phone (issue 9, item 2): the workspace is installable (manifest and icons
served by the platform) and the desk shows at a glance what waits for the deputy."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

import pytest
from django.test import Client

from lvzhi.portal import waiting
from lvzhi.suggestions import selectors as suggestion_selectors

pytestmark = pytest.mark.django_db


def test_manifest_makes_the_desk_installable() -> None:
    response = Client().get("/portal/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == "/desk/" and data["display"] == "standalone"
    assert data["scope"] == "/" and data["name"] and data["short_name"]
    sizes = {i["sizes"] for i in data["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in data["icons"]:
        got = Client().get(icon["src"])
        assert got.status_code == 200 and got["Content-Type"] == icon["type"]


@pytest.mark.parametrize("size", [192, 512])
def test_png_icons_are_valid_pngs_of_their_size(size: int) -> None:
    body = Client().get(f"/portal/icons/icon-{size}.png").content
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    assert (width, height) == (size, size)
    idat_len = struct.unpack(">I", body[33:37])[0]
    raw = zlib.decompress(body[41 : 41 + idat_len])
    assert len(raw) == size * (1 + 3 * size)
    assert Client().get("/portal/icons/icon-100.png").status_code == 404


def test_every_signed_in_page_links_the_manifest(login: Any) -> None:
    html = login("deputy").get("/desk/").content.decode()
    assert 'rel="manifest" href="/portal/manifest.webmanifest"' in html
    assert '<meta name="theme-color"' in html


def test_week_runs_monday_to_sunday() -> None:
    assert waiting.week_of(dt.date(2026, 11, 26)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert waiting.week_of(dt.date(2026, 11, 23)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def test_desk_shows_what_waits_for_the_deputy(
    login: Any, django_assert_max_num_queries: Any
) -> None:
    from lvzhi.core.models import User

    user = User.objects.get(username="deputy")
    tiles = {t.key: t for t in waiting.tiles(user)}
    assert set(tiles) == {"cosign", "evaluate", "votes", "messages", "week"}
    replied = suggestion_selectors.mine(user).filter(status="replied", proposer__user=user)
    assert tiles["evaluate"].count == replied.count()
    client = login("deputy")
    with django_assert_max_num_queries(120):
        html = client.get("/desk/").content.decode()
    assert 'id="panel-portal_waiting"' in html
    assert html.index('id="panel-') == html.index('id="panel-portal_waiting"')  # first panel
    for t in tiles.values():
        assert f'href="{t.url}"><strong>{t.count}</strong>' in html


def test_staff_without_a_seat_see_no_waiting_panel(login: Any) -> None:
    html = login("office").get("/desk/").content.decode()
    assert 'id="panel-portal_waiting"' not in html
