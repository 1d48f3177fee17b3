"""Issue 26.3 / 28.6b: the compliance table and dashboards are cached per congress and period
and retired by the events that change them — a warm page costs the same few queries whatever
the data, and the page after a change shows the new figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from lvzhi.compliance import rules
from lvzhi.core import versions
from lvzhi.meetings import services as meetings_services
from lvzhi.meetings.models import Meeting, Participant

from .helpers import YEAR, congress, serving, u
from .test_rules import _sc, _suggestion, _training

pytestmark = pytest.mark.django_db
D = dt.date


def _url(path: str = "/compliance/") -> str:
    return f"{path}?congress={congress().pk}&year={YEAR}&part=Y"


# Tables the rules' checks read (meetings, suggestions, activities, contacts, stations,
# records): a warm page touches none of them.
RULE_TABLES = (
    '"meetings_meeting"',
    '"meetings_participant"',
    '"suggestions_suggestion"',
    '"activities_trainingattendance"',
    '"contacts_link"',
    '"records_handbook"',
)


def _warm(client, url: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """The queries of a request once the cache is warm: their number and their SQL."""
    assert client.get(url).status_code == 200  # fills the cache
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q.captured_queries), " ".join(x["sql"] for x in q.captured_queries)


@pytest.mark.parametrize(
    "path", ["/compliance/", "/compliance/dashboard/", "/compliance/rules/r30/"]
)
def test_warm_page_query_count_is_the_same_at_two_data_sizes(login, path: str) -> None:
    client = login("office")
    url = _url(path)
    small, small_sql = _warm(client, url)
    # Warm, none of the rules' tables is read: the figures come from the cache.
    for table in RULE_TABLES:
        assert table not in small_sql, table
    for n in range(6):
        _sc(f"常委会{n}", D(YEAR, 2 + n, 10), 4 + n, 10, 7)
        _suggestion(f"建议{n}", D(YEAR, 1, 3 + n), D(YEAR, 4, 1 + n))
    _training(serving(40))
    versions.bump(rules.CACHE_VERSION)  # the rows above were written without services
    large, _sql = _warm(client, url)
    assert large == small


def test_an_event_that_changes_a_figure_shows_on_the_next_page(login) -> None:
    """R30: the eighth deputy's registration (a meetings event) turns the meeting's row
    from behind to met on the very next request, without waiting for the cache to expire."""
    _sc("常委会缓存", D(YEAR, 5, 20), 10, 10, 7, attended=7)
    client = login("office")
    url = _url("/compliance/rules/r30/")
    before = client.get(url).content.decode()
    assert "0 / 1" in before
    assert "0 / 1" in client.get(url).content.decode()  # served from the cache
    m = Meeting.objects.get(title="常委会缓存")
    absent = Participant.objects.filter(meeting=m, registered_at__isnull=True).first()
    assert absent is not None
    meetings_services.register(actor=u("office"), meeting=m, deputy=absent.deputy)
    after = client.get(url).content.decode()
    assert "1 / 1" in after
    table = client.get(_url()).content.decode()
    assert "1 / 1" in table


def test_a_write_outside_the_watched_apps_keeps_the_cache() -> None:
    before = versions.current(rules.CACHE_VERSION)
    versions.touched("voting.ballot_cast")
    assert versions.current(rules.CACHE_VERSION) == before
    versions.touched("meetings.registered")
    assert versions.current(rules.CACHE_VERSION) != before


def test_a_lost_counter_starts_again_elsewhere() -> None:
    """A counter the cache lost does not fall back to a value older entries were stored
    under."""
    from django.core.cache import cache

    first = versions.current(rules.CACHE_VERSION)
    cache.delete("lvzhi:version:" + rules.CACHE_VERSION)
    assert versions.current(rules.CACHE_VERSION) != first


def _r30_registration() -> None:
    m = Meeting.objects.get(title="常委会缓存")
    absent = Participant.objects.filter(meeting=m, registered_at__isnull=True).first()
    assert absent is not None
    meetings_services.register(actor=u("office"), meeting=m, deputy=absent.deputy)


def _run_queued() -> list[str]:
    """Run what the dummy task backend queued; the names of the tasks."""
    from django_tasks import default_task_backend

    queued = list(default_task_backend.results)  # type: ignore[attr-defined]
    default_task_backend.clear()  # type: ignore[attr-defined]
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    return [result.task.name for result in queued]


@pytest.mark.parametrize(
    ("path", "tasks"),
    [("/compliance/", {"refresh_table"}), ("/compliance/dashboard/", {"refresh_block"})],
)
def test_after_a_change_the_page_shows_the_last_figures_at_once_and_recomputes_in_the_background(
    login, settings, path: str, tasks: set[str]
) -> None:
    """Issue 28.6b: the first visitor after a change does not wait for every rule to run
    again (8 s on the prefecture): the page shows the last figures with their time and says
    they are being updated, reads none of the rules' tables, and queues the computation; once
    it has run, the next page shows the new figures."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _sc("常委会缓存", D(YEAR, 5, 20), 10, 10, 7, attended=7)
    client = login("office")
    url = _url(path)
    first = client.get(url).content.decode()
    assert "数据截至" in first and "正在重新计算" not in first
    _run_queued()
    _r30_registration()
    with CaptureQueriesContext(connection) as q:
        meanwhile = client.get(url).content.decode()
    sql = " ".join(x["sql"] for x in q.captured_queries)
    for table in RULE_TABLES:
        assert table not in sql, table
    assert "正在重新计算" in meanwhile
    assert tasks <= set(_run_queued())
    assert client.get(url).content.decode().count("正在重新计算") == 0
    if path == "/compliance/":
        # The R30 row now counts the eighth deputy's registration.
        assert "1 / 1" in client.get(_url("/compliance/rules/r30/")).content.decode()
        assert "1 / 1" in client.get(url).content.decode()


def test_exports_and_the_drill_down_are_always_current(login, settings) -> None:
    """What other figures are computed from never shows the last figures: the drill-down and
    the exports compute at once after a change."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _sc("常委会缓存", D(YEAR, 5, 20), 10, 10, 7, attended=7)
    client = login("office")
    assert "0 / 1" in client.get(_url("/compliance/rules/r30/")).content.decode()
    _r30_registration()
    assert "1 / 1" in client.get(_url("/compliance/rules/r30/")).content.decode()
