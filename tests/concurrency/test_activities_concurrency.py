"""Work between sessions under concurrent requests (PostgreSQL, real connections): replies to
one forum thread are all counted, and a deputy's progress saved from several tabs at once
leaves one row at the highest value."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from lvzhi.activities import services
from lvzhi.activities.models import Material, MaterialKind, Progress, Thread
from lvzhi.core.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
WORKERS = 6


def _race(calls: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_forum_concurrent_replies_are_all_counted(seeded_transactional: None) -> None:
    deputy = User.objects.get(username="deputy")
    leader_id = User.objects.get(username="groupleader").pk
    t = services.thread_create(actor=deputy, title="并发回复", body="正文")

    def reply(n: int) -> Callable[[], object]:
        return lambda: services.reply_add(
            actor=User.objects.get(pk=leader_id),
            thread=Thread.objects.get(pk=t.pk),
            body=f"回复{n}",
        )

    assert _race([reply(n) for n in range(WORKERS)]) == []
    t.refresh_from_db()
    assert t.reply_count == WORKERS == t.replies.count()


def test_r49_concurrent_openings_keep_one_row_counting_each(
    seeded_transactional: None,
) -> None:
    office = User.objects.get(username="office")
    m = services.material_add(
        actor=office,
        kind=MaterialKind.DOCUMENT,
        title="并发学习",
        description="",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 x"),
    )
    deputy_id = User.objects.get(username="deputy").pk

    def open_it() -> object:
        return services.material_opened(
            actor=User.objects.get(pk=deputy_id), material=Material.objects.get(pk=m.pk)
        )

    assert _race([open_it for _ in range(6)]) == []
    rows = list(Progress.objects.filter(material=m).values_list("opens", flat=True))
    assert rows == [6]
