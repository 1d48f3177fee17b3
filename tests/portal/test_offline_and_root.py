"""The deputy's phone (issue 9, item 2): the service worker, its app shell and the offline
page; and the site's address, which shows visitors the public portal (Art 84) and signed-in
users their desk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_shows_visitors_the_public_portal_not_the_sign_in_form() -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert "private" in response["Cache-Control"]
    assert Client().get("/", follow=True).templates[0].name == "portal/home.html"


def test_root_keeps_a_signed_in_user_on_their_desk(login: Any) -> None:
    response = login("deputy").get("/")
    assert response.status_code == 302 and response["Location"] == "/desk/"


def test_service_worker_is_a_static_script_allowed_to_control_the_whole_site() -> None:
    response = Client().get("/portal/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "/portal/offline/" in body and "/portal/app-shell.json" in body


def test_app_shell_lists_only_files_that_exist_and_the_offline_page(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    urls = json.loads(Client().get("/portal/app-shell.json").content)
    assert "/portal/offline/" in urls and len(urls) >= 6
    from django.contrib.staticfiles import finders

    for url in urls:
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url[len(settings.STATIC_URL) :]), url
        else:
            assert Client().get(url).status_code == 200, url


def test_offline_page_has_no_personal_data_and_no_script(login: Any) -> None:
    anonymous = Client().get("/portal/offline/")
    signed_in = login("deputy").get("/portal/offline/")
    assert anonymous.status_code == signed_in.status_code == 200
    html = anonymous.content.decode()
    assert "网络未连接" in html and "<script" not in html
    assert signed_in.content == anonymous.content  # the same page for everyone


def test_every_signed_in_page_registers_the_service_worker_from_a_static_file(
    login: Any,
) -> None:
    html = login("deputy").get("/desk/").content.decode()
    assert 'src="/static/portal/install.js" data-sw="/portal/sw.js"' in html
