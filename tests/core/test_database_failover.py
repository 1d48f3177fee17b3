"""Issue 27.1 in the app's own process: a DATABASE_URL listing the members of a Patroni
cluster (libpq multi-host, each with its own port), and the answer while the connection to a
lost primary breaks mid-request (503 and Retry-After, HTML or the API's JSON, never 500).
The cluster itself: tests/faults/test_patroni_failover.py."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from lvzhi.core import dburl
from lvzhi.core.views import error_500

CLUSTER = (
    "postgres://lvzhi:s%40cret@db1:5432,db2:6432,[fd00::3]:5433/lvzhi"
    "?target_session_attrs=read-write"
)


def test_a_multi_host_url_gives_libpq_every_member_with_its_port() -> None:
    cfg = dburl.parse(CLUSTER, conn_max_age=60)
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["USER"], cfg["PASSWORD"], cfg["NAME"]) == ("lvzhi", "s@cret", "lvzhi")
    assert cfg["HOST"] == "db1,db2,fd00::3"
    assert cfg["PORT"] == "5432,6432,5433"
    assert cfg["OPTIONS"]["target_session_attrs"] == "read-write"
    assert cfg["OPTIONS"]["connect_timeout"] == dburl.MULTI_HOST_CONNECT_TIMEOUT
    assert cfg["CONN_MAX_AGE"] == 60


def test_hosts_without_ports_and_an_own_timeout_are_kept() -> None:
    cfg = dburl.parse("postgres://u@db1,db2:6432/x?connect_timeout=7")
    assert (cfg["HOST"], cfg["PORT"]) == ("db1,db2", ",6432")
    assert cfg["OPTIONS"]["connect_timeout"] == 7
    cfg = dburl.parse("postgres://u@db1,db2/x")
    assert (cfg["HOST"], cfg["PORT"]) == ("db1,db2", "")


def test_one_host_is_dj_database_urls_own_reading() -> None:
    cfg = dburl.parse("postgres://u@db1:5432/x")
    assert (cfg["HOST"], cfg["PORT"]) == ("db1", 5432)
    assert "connect_timeout" not in cfg.get("OPTIONS", {})


def test_a_broken_host_list_is_refused() -> None:
    with pytest.raises(ValueError, match="host list"):
        dburl.parse("postgres://u@db1:5432,:6432/x")
    with pytest.raises(ValueError, match="host list"):
        dburl.parse("postgres://u@db1:5432,db2:http/x")


def _answer(path: str, error: Exception, **headers: str) -> tuple[int, str, str]:
    request = RequestFactory().post(path, headers=headers)
    try:
        raise error
    except Exception:  # Django calls handler500 inside its own except block
        response = error_500(request)
    return response.status_code, response.content.decode(), response.get("Retry-After", "")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_connection_lost_mid_request_is_a_503_retry_answer(error: Exception) -> None:
    status, body, retry = _answer("/voting/1/cast/", error, HX_Request="true")
    assert (status, retry) == (503, "30")
    assert "无法连接数据库" in body and "再" in body  # the page says: send it again

    status, body, retry = _answer("/api/v1/deputies", error)
    assert (status, retry) == (503, "30")
    found = json.loads(body)["error"]
    assert found["code"] == "database_unavailable" and "无法连接数据库" in found["message"]


def test_any_other_error_is_still_the_500_page() -> None:
    status, body, retry = _answer("/voting/1/cast/", ValueError("a bug"))
    assert status == 500 and retry == ""
    assert "无法连接数据库" not in body
