"""Issue 22.7: the office's list of notification deliveries as CSV — streamed from the request
when small, a file made in the background with a progress bar and a download above the bound;
the same file either way, the same refusals as the page, the same file on the command line."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from lvzhi.core import clock, filejobs, outbound
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Delivery, DeliveryStatus, FileJob, JobStatus, Notification, User

from ..export_jobs import body, on_command_line, shown_and_downloaded

pytestmark = pytest.mark.django_db

PAGE = "/notifications/deliveries/"


@pytest.fixture(autouse=True)
def three_failed() -> None:
    for name in ("deputy", "office", "yining"):
        n = Notification.objects.create(
            user=User.objects.get(username=name), title="通知", created_at=clock.now()
        )
        Delivery.objects.create(
            notification=n,
            channel="email",
            status=DeliveryStatus.FAILED,
            attempts=3,
            last_error="mail backend (SMTPServerDisconnected)",
            created_at=clock.now(),
            next_attempt_at=clock.now(),
        )


def _inline(client: Any) -> bytes:
    response = client.get(PAGE, {"format": "csv", "status": "failed"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert quote("通知发送-failed.csv") in response["Content-Disposition"]
    return body(response)


def test_a_large_delivery_list_is_a_background_file_with_the_same_lines(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("office")
    inline = _inline(client)
    rows = inline.decode("utf-8-sig").count("\n") - 1
    assert rows >= 3 and "SMTPServerDisconnected" in inline.decode()
    assert not FileJob.objects.exists()
    monkeypatch.setattr(filejobs, "INLINE_MAX_ROWS", rows - 1)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PAGE, {"format": "csv", "status": "failed", "page": "2"})
    job = FileJob.objects.get(owner__username="office", kind=outbound.DELIVERIES_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {"status": "failed", "fmt": "csv"}
    assert job.status == JobStatus.DONE and job.total == job.done == rows
    assert job.filename == "通知发送-failed.csv"
    assert shown_and_downloaded(client, job) == inline


def test_only_those_who_oversee_deliveries_have_them_as_a_file(
    login: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(filejobs, "INLINE_MAX_ROWS", 0)
    assert login("deputy").get(PAGE, {"format": "csv"}).status_code == 404
    for username, fmt in (("deputy", "csv"), ("office", "xlsx")):
        with pytest.raises(NotFound):
            filejobs.request_file(
                actor=User.objects.get(username=username),
                kind=outbound.DELIVERIES_KIND,
                params={"fmt": fmt},
            )
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_delivery_list_as_the_page(
    login: Any, tmp_path: Any
) -> None:
    inline = _inline(login("office"))
    target = tmp_path / "deliveries.csv"
    out = on_command_line(outbound.DELIVERIES_KIND, "office", {"fmt": "csv"}, target)
    rows = inline.decode("utf-8-sig").count("\n") - 1
    assert f"{rows}/{rows}" in out
    assert target.read_bytes() == inline
