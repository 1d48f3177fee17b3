"""What the tests of a list's background export (issue 22.7, ``core.filejobs``) check the same way:
the job's page and download, and the same file made by ``lvzhi export``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lvzhi.core.models import FileJob


def body(response: Any) -> bytes:
    """A download's bytes, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    """Every row of a workbook's first sheet, as values (the title row first)."""
    import openpyxl

    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def shown_and_downloaded(client: Any, job: FileJob) -> bytes:
    """The job's page shows its progress (rows done of all) and a download; the file."""
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert f"{job.done} / {job.total}" in page and f"/documents/jobs/{job.pk}/download/" in page
    return body(client.get(f"/documents/jobs/{job.pk}/download/"))


def on_command_line(kind: str, username: str, params: dict[str, Any], target: Path) -> str:
    """``lvzhi export KIND --user NAME --param k=v … --out TARGET``; what it printed."""
    from django.core.management import call_command

    args = [kind, "--user", username, "--out", str(target)]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()
