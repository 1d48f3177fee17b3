"""Run by test_backup_restore in a subprocess with its own database: seed, back up, damage the
data and the uploads, restore, and report whether everything came back."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> None:
    out = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from lvzhi.core.backup import backup, fingerprint, restore
    from lvzhi.core.models import Notification
    from lvzhi.registry.demo.seed import seed
    from lvzhi.registry.models import Deputy

    seed("small", progress=lambda *a: None)
    media = Path(settings.MEDIA_ROOT)
    (media / "drill").mkdir(parents=True, exist_ok=True)
    (media / "drill" / "reply.pdf").write_bytes(b"%PDF-1.4 drill")
    before = fingerprint()
    archive = backup(out, progress=lambda *a: None)
    # The damage: rows gone, a name changed, an upload lost.
    Notification.objects.all().delete()
    d = Deputy.objects.order_by("pk").first()
    assert d is not None
    Deputy.objects.filter(pk=d.pk).update(name="被篡改")
    (media / "drill" / "reply.pdf").unlink()
    damaged = fingerprint()
    restore(archive, progress=lambda *a: None)
    after = fingerprint()
    print(
        json.dumps(
            {
                "tables": len(before["counts"]),
                "rows": sum(before["counts"].values()),
                "damaged_differs": damaged["checksum"] != before["checksum"],
                "same_counts": after["counts"] == before["counts"],
                "same_checksum": after["checksum"] == before["checksum"],
                "upload_back": (media / "drill" / "reply.pdf").read_bytes() == b"%PDF-1.4 drill",
                "archive": archive.name,
            }
        )
    )


if __name__ == "__main__":
    main()
