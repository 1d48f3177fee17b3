"""``field__any_of``: a long list of ids as one array parameter on PostgreSQL (core.db)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.models import Division
from lvzhi.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects() -> None:
    ids = list(Organisation.objects.values_list("pk", flat=True)[:7])
    assert ids
    wanted = [*ids, 10**12]  # an id that does not exist changes nothing
    assert set(Organisation.objects.filter(pk__any_of=wanted).values_list("pk", flat=True)) == set(
        ids
    )


def test_any_of_works_on_a_foreign_key_column() -> None:
    division_ids = list(Division.objects.filter(level="county").values_list("pk", flat=True)[:3])
    got = Organisation.objects.filter(division_id__any_of=division_ids)
    assert got.count() == Organisation.objects.filter(division_id__in=division_ids).count() > 0


def test_any_of_an_empty_list_selects_nothing() -> None:
    assert not Organisation.objects.filter(pk__any_of=[]).exists()


def test_any_of_sends_the_whole_list_as_one_parameter_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the array parameter is PostgreSQL's; SQLite gets IN (…)")
    ids = list(range(1, 5001))
    with CaptureQueriesContext(connection) as q:
        list(Organisation.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    sql = q.captured_queries[-1]["sql"]
    assert "= ANY(" in sql and "::bigint[]" in sql and " IN (" not in sql
