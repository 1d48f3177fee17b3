"""Background work of the shared kernel (Django Tasks API, database backend)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver(notification_ids: list[int]) -> int:
    """Send the outbound deliveries of these notifications (``core.outbound``)."""
    from .outbound import deliver as run

    return run(notification_ids)


@task()
def make_file(job_id: int) -> None:
    """One file made in the background (``core.filejobs``): an export, letters, a PDF."""
    from .filejobs import run

    run(job_id)


@task()
def make_pdf(job_id: int) -> None:
    """Jobs queued before files were generalised (``core.filejobs``) still run."""
    from .filejobs import run

    run(job_id)


@task()
def build_document(
    name: str, builder: str, content_type: str, suffix: str, version: str, args: list[str]
) -> None:
    """Build a stored document for a version of the data (``core.prebuilt``)."""
    from .prebuilt import Document, build

    build(Document(name, builder, content_type, suffix, tuple(args)), version)
