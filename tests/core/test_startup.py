"""What a server process does before its first request (lvzhi.startup, issue 26.2)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from django.urls import clear_url_caches, resolve, reverse

from lvzhi import startup
from lvzhi.suggestions import similarity


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # give this test process's objects back to the collector


def test_settle_loads_the_urlconf_before_freezing_so_full_collections_skip_it(
    monkeypatch: pytest.MonkeyPatch, unfrozen: None
) -> None:
    # Given a process whose URL resolver is not built yet (jieba's dictionary is not the
    # subject here)
    monkeypatch.setattr(similarity, "warm", lambda: None)
    clear_url_caches()
    gc.collect()
    # When it settles
    startup.settle()
    # Then routing the first request builds nothing the full collections would scan again:
    # the resolver and every view module were frozen with the rest (some 85,000 objects
    # otherwise, a 60-70 ms pause every few requests at the large scale)
    before = len(gc.get_objects())
    assert resolve(reverse("registry:deputy_list")).url_name == "deputy_list"
    assert reverse("api:openapi-json")
    gc.collect()
    assert len(gc.get_objects()) - before < 10_000  # 70,000 before
