"""Background work of the registry (Django Tasks API, database backend)."""

from __future__ import annotations

from django_tasks import task

from .models import DeputyImport


@task()
def run_deputy_import(job_id: int) -> None:
    from .imports import run_job

    job = DeputyImport.objects.select_related("term__congress__division", "created_by").get(
        pk=job_id
    )
    run_job(job)
