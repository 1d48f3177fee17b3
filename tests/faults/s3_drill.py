"""Run by test_object_storage in a subprocess whose LVZHI_S3_* point at the test's moto server
and bucket, with a database of its own: uploads into the bucket, `lvzhi backup`, the bucket lost
and made again empty, `lvzhi restore`, and a report of what came back."""

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
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from lvzhi.core.backup import MANIFEST, fingerprint
    from lvzhi.core.privatefiles import object_store

    call_command("migrate", verbosity=0)
    bucket = object_store(default_storage)
    assert bucket is not None, "LVZHI_S3_BUCKET names the test's bucket"
    # What FileField.save does: the storage's save, under the upload_to folders. One object
    # above boto3's 8 MiB multipart threshold, so the restore uploads it in parts.
    uploads = {
        "suggestions/调研报告.pdf": b"%PDF-1.7 survey\n%%EOF",
        "meetings/议程 第一次会议.docx": b"PK\x03\x04 agenda",
        "activities/photos/站点.png": b"\x89PNG\r\n\x1a\n photo",
        "jobs/big.pdf": b"%PDF-1.7 " + os.urandom(9 * 1024 * 1024),
    }
    keys = {name: default_storage.save(name, ContentFile(data)) for name, data in uploads.items()}
    before = {o.key: o.get()["Body"].read() for o in bucket.objects.all()}
    types = {o.key: bucket.Object(o.key).content_type for o in bucket.objects.all()}
    rows = fingerprint()

    call_command("backup", dir=str(out), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    archive = next(out.glob("lvzhi-backup-*.tar"))
    import tarfile

    with tarfile.open(archive) as tar:
        extracted = tar.extractfile(MANIFEST)
        assert extracted is not None
        manifest = json.loads(extracted.read())

    # The bucket is lost: every object and the bucket itself; the operator makes it again.
    client = bucket.meta.client
    name = bucket.name
    bucket.objects.all().delete()
    bucket.delete()
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": client.meta.region_name}
    )
    emptied = sum(1 for _ in bucket.objects.all())

    call_command("restore", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    after = {o.key: o.get()["Body"].read() for o in bucket.objects.all()}
    print(
        json.dumps(
            {
                "emptied": emptied,
                "objects": len(after),
                "manifest": manifest["uploads"],
                "same_bytes": after == before and set(after) == set(keys.values()),
                "same_types": all(bucket.Object(k).content_type == t for k, t in types.items()),
                "same_checksum": fingerprint()["checksum"] == rows["checksum"],
            }
        )
    )


if __name__ == "__main__":
    main()
