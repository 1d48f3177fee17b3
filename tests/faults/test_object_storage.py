"""Uploads on a real S3-protocol server (issue 27.4): moto's standalone server, started on a free
port for this module and stopped after it, each test in a bucket of its own.

What it proves: the platform's uploads go through django-storages into the bucket; a permitted
download is a redirect to a URL signed (SigV4, checked here by recomputing it) for that one
object, expiring after ``FILE_SIGNED_URL_SECONDS``, that the server answers with the bytes, the
file name and the type; a refused user gets no URL; ``lvzhi backup`` carries every object of the
bucket into its archive and ``lvzhi restore`` puts them back into an emptied bucket. What it does
not prove (moto checks neither signatures nor expiry of query-signed URLs, nor bucket policies):
see docs/deployment.md, "Object storage"."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lvzhi.settings import s3_storage

from ..suggestions.helpers import deputy_user, draft, u
from ..suggestions.test_pages import as_user
from .servers import free_port, wait_port

ROOT = Path(__file__).resolve().parents[2]
KEY_ID, SECRET = "lvzhi-test-key", "lvzhi-test-secret-not-a-real-one"
SECONDS = 45


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m moto.server`` on a free loopback port, its log in a temp dir of its own."""
    pytest.importorskip("moto.server", reason="moto[s3] is a development dependency")
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )
    try:
        wait_port(port, 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def env_for(endpoint: str, bucket: str) -> dict[str, str]:
    return {
        "LVZHI_S3_BUCKET": bucket,
        "LVZHI_S3_ENDPOINT": endpoint,
        "LVZHI_S3_ACCESS_KEY": KEY_ID,
        "LVZHI_S3_SECRET_KEY": SECRET,
        "LVZHI_S3_REGION": "cn-northwest-1",
        "LVZHI_S3_ADDRESSING_STYLE": "path",
        "LVZHI_S3_URL_SECONDS": str(SECONDS),
    }


def client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name="cn-northwest-1",
    )


def new_bucket(endpoint: str) -> str:
    name = f"lvzhi-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "cn-northwest-1"}
    )
    return name


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def sigv4_query_valid(url: str, secret: str) -> bool:
    """AWS Signature Version 4 of a query-signed GET, recomputed from the published algorithm
    (not by botocore, which signed it): what a real S3 checks and moto does not."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    given = dict(params)["X-Amz-Signature"]
    query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
        for k, v in sorted(params)
        if k != "X-Amz-Signature"
    )
    canonical = "\n".join(["GET", parts.path, query, f"host:{parts.netloc}", "", "host"])
    canonical += "\nUNSIGNED-PAYLOAD"
    stamp = dict(params)["X-Amz-Date"]
    scope = dict(params)["X-Amz-Credential"].split("/", 1)[1]
    date, region, service, _ = scope.split("/")
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), given)


@pytest.mark.django_db
def test_an_attachment_lands_in_the_bucket_and_only_the_permitted_get_a_short_signed_url(
    s3_endpoint: str,
) -> None:
    from lvzhi.suggestions.models import Attachment

    bucket = new_bucket(s3_endpoint)
    storage = s3_storage(env_for(s3_endpoint, bucket))
    assert storage is not None
    pdf = b"%PDF-1.7 \xe8\xb0\x83\xe7\xa0\x94 object storage drill\n%%EOF"
    with override_settings(
        STORAGES={**_storages(), "default": storage},
        FILE_SERVE="redirect",
        FILE_SIGNED_URL_SECONDS=SECONDS,
    ):
        s = draft()
        deputy = as_user(u("deputy"))
        answer = deputy.post(
            f"/suggestions/{s.pk}/attach/",
            {"file": SimpleUploadedFile("调研报告.pdf", pdf, content_type="application/pdf")},
        )
        assert answer.status_code == 302
        att = Attachment.objects.get(suggestion=s)

        # In the bucket, under the key the database holds, byte for byte.
        stored = client(s3_endpoint).get_object(Bucket=bucket, Key=att.file.name)
        assert stored["Body"].read() == pdf
        assert att.file.name.startswith("suggestions/")

        # Someone who may not see the suggestion: refused, and given no URL.
        refused = as_user(u("yining")).get(f"/suggestions/{s.pk}/files/{att.pk}/")
        assert refused.status_code == 404 and "Location" not in refused
        # Pages may show pictures and video from the store (group photos, training videos).
        policy = refused["Content-Security-Policy"]
        assert f"img-src 'self' data: {s3_endpoint};" in policy
        assert f"media-src 'self' {s3_endpoint};" in policy

        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        answer = deputy.get(f"/suggestions/{s.pk}/files/{att.pk}/")
        after = dt.datetime.now(dt.UTC)
    assert answer.status_code == 302
    assert answer["Cache-Control"] == "private, no-store"
    url = answer["Location"]
    assert url.startswith(f"{s3_endpoint}/{bucket}/{quote(att.file.name)}?")
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-Credential"].startswith(f"{KEY_ID}/")
    # Valid from the moment it was issued for FILE_SIGNED_URL_SECONDS, not a second more: a
    # real S3 refuses it once X-Amz-Date + X-Amz-Expires has passed.
    assert params["X-Amz-Expires"] == str(SECONDS)
    signed_at = dt.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert before <= signed_at <= after
    assert sigv4_query_valid(url, SECRET)
    # The expiry is inside the signature: a URL stretched to a day no longer verifies.
    stretched = url.replace(f"X-Amz-Expires={SECONDS}", "X-Amz-Expires=86400")
    assert not sigv4_query_valid(stretched, SECRET)
    assert not sigv4_query_valid(url, "another-secret")
    assert "attachment" in params["response-content-disposition"]
    assert quote("调研报告.pdf") in params["response-content-disposition"]

    # The server answers the signed URL with the bytes, the type and the name.
    with urllib.request.urlopen(url, timeout=30) as got:  # noqa: S310 (the test's own server)
        assert got.read() == pdf
        assert got.headers["Content-Type"] == "application/pdf"
        assert "attachment" in got.headers["Content-Disposition"]


@pytest.mark.django_db
def test_stream_mode_serves_the_object_through_the_platform(s3_endpoint: str) -> None:
    """LVZHI_S3_SERVE=stream: for browsers that cannot reach the store's address."""
    from lvzhi.suggestions import services

    bucket = new_bucket(s3_endpoint)
    storage = s3_storage(env_for(s3_endpoint, bucket))
    assert storage is not None
    pdf = b"%PDF-1.7 streamed\n%%EOF"
    with override_settings(STORAGES={**_storages(), "default": storage}, FILE_SERVE="stream"):
        s = draft()
        att = services.attachment_add(
            actor=deputy_user(), suggestion=s, upload=SimpleUploadedFile("答复.pdf", pdf)
        )
        answer = as_user(u("deputy")).get(f"/suggestions/{s.pk}/files/{att.pk}/")
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == pdf
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert as_user(u("yining")).get(f"/suggestions/{s.pk}/files/{att.pk}/").status_code == 404


def _storages() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.STORAGES)


@pytest.mark.slow
def test_backup_carries_the_bucket_and_restore_refills_an_emptied_one(
    s3_endpoint: str, own_database: str, tmp_path: Path
) -> None:
    bucket = new_bucket(s3_endpoint)
    env = {
        **os.environ,
        **env_for(s3_endpoint, bucket),
        "DATABASE_URL": own_database,
        "LVZHI_VAR_DIR": str(tmp_path / "var"),
        "LVZHI_MEDIA_ROOT": str(tmp_path / "var" / "uploads"),
        "LVZHI_FAST_HASHER": "1",
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("s3_drill.py")), str(tmp_path / "bk")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["emptied"] == 0
    assert found["manifest"]["files"] == found["objects"] == 4
    assert found["manifest"]["kind"] == f"s3://{bucket}/"
    assert found["same_bytes"] and found["same_types"] and found["same_checksum"]
    # Nothing of the bucket was written to the local uploads directory on the way.
    assert not (tmp_path / "var" / "uploads").exists() or not any(
        (tmp_path / "var" / "uploads").rglob("*.pdf")
    )
