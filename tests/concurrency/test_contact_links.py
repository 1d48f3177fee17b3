"""R33, R38: links and registrations under real concurrent PostgreSQL connections — the
member's row lock makes each new link see every earlier one (so exactly the fourth warns),
and an organ never gets two principal leaders."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from lvzhi.contacts import services
from lvzhi.contacts.models import Holder, HolderKind, Link
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import User
from lvzhi.registry.models import Organisation, OrgKind

from ..contacts.helpers import new_member, root, serving_deputies, term

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
WORKERS = 4


def _race(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(job())
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_r33_four_concurrent_links_each_count_the_others_and_only_the_fourth_warns(
    seeded_transactional: None,
) -> None:
    member = new_member(name="并发委员")
    deputies = serving_deputies(WORKERS)
    office_id = User.objects.get(username="office").pk

    def link(deputy_id: int) -> Callable[[], Any]:
        def job() -> Any:
            from lvzhi.registry.models import Deputy

            return services.link_create(
                actor=User.objects.get(pk=office_id),
                holder=Holder.objects.get(pk=member.pk),
                deputy=Deputy.objects.get(pk=deputy_id),
            )

        return job

    results, errors = _race([link(d.pk) for d in deputies])
    assert errors == []
    assert Link.objects.filter(holder=member, ended_on__isnull=True).count() == WORKERS
    assert sorted(bool(r.warning) for r in results) == [False, False, False, True]


def test_r38_concurrent_registrations_never_give_an_organ_two_principal_leaders(
    seeded_transactional: None,
) -> None:
    organ = Organisation.objects.get(parent=root(), kind=OrgKind.PROCURATORATE)
    Holder.objects.filter(organisation=organ).update(is_active=False)
    office_id = User.objects.get(username="office").pk
    term_id = term().pk

    def register(i: int) -> Callable[[], Any]:
        def job() -> Any:
            from lvzhi.registry.models import Term

            return services.holder_create(
                actor=User.objects.get(pk=office_id),
                name=f"检察长{i}",
                organisation=Organisation.objects.get(pk=organ.pk),
                term=Term.objects.get(pk=term_id),
                kind=HolderKind.ORGAN_PRINCIPAL,
            )

        return job

    results, errors = _race([register(i) for i in range(WORKERS)])
    assert len(results) == 1
    assert len(errors) == WORKERS - 1 and all(isinstance(e, ValidationFailed) for e in errors)
    assert (
        Holder.objects.filter(
            organisation=organ, kind=HolderKind.ORGAN_PRINCIPAL, is_active=True
        ).count()
        == 1
    )
