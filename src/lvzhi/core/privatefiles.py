"""Uploads handed to the person a view has just allowed (issue 27.4).

Files on the file system are streamed by the platform. On an S3-compatible object store
(``LVZHI_S3_BUCKET``) the bucket is private; with ``FILE_SERVE == "redirect"`` (the default there)
the answer is a redirect to a URL signed for this one object, valid ``FILE_SIGNED_URL_SECONDS``
(60 s unless set) and carrying the name and type the browser should use, so the app servers do
not carry the bytes. The permission check stays the view's: the redirect is only issued after
it, and the URL is useless a minute later. ``FILE_SERVE == "stream"`` streams from the store
through the platform (browsers that cannot reach the store's address)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header


def object_store(storage: Any) -> Any | None:
    """The boto3 ``Bucket`` behind an S3 storage (django-storages), None for any other."""
    if not hasattr(storage, "bucket_name") or not hasattr(storage, "connection"):
        return None
    return storage.bucket


def redirect_origin() -> str:
    """The origin signed downloads send the browser to, '' when the platform streams its files:
    the Content-Security-Policy lets pictures and video of the pages load from it."""
    from django.core.files.storage import default_storage

    if settings.FILE_SERVE != "redirect" or object_store(default_storage) is None:
        return ""
    parts = urlsplit(default_storage.url("origin"))  # signed locally: no request is made
    return f"{parts.scheme}://{parts.netloc}"


def signed_url(stored: FieldFile, *, content_type: str, filename: str, as_attachment: bool) -> str:
    """A GET URL for ``stored`` signed with the store's key, valid for
    ``FILE_SIGNED_URL_SECONDS``; the store answers with this type and file name."""
    disposition = content_disposition_header(as_attachment, filename) or "inline"
    return str(
        stored.storage.url(  # type: ignore[call-arg]
            stored.name,
            parameters={
                "ResponseContentType": content_type or "application/octet-stream",
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.FILE_SIGNED_URL_SECONDS,
        )
    )


def download(
    stored: FieldFile,
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = True,
) -> HttpResponseBase:
    """The answer to a permitted download of ``stored``: a short-lived signed redirect to the
    object store, or the bytes streamed (``X-Content-Type-Options: nosniff`` either way where the
    platform answers)."""
    filename = filename or (stored.name or "file").rsplit("/", 1)[-1]
    response: HttpResponseBase
    if settings.FILE_SERVE == "redirect" and object_store(stored.storage) is not None:
        response = HttpResponseRedirect(
            signed_url(
                stored, content_type=content_type, filename=filename, as_attachment=as_attachment
            )
        )
        # The signed URL must not outlive its minute in a cache, nor leak as a referrer.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response = FileResponse(
            stored.open("rb"),
            content_type=content_type or "application/octet-stream",
            as_attachment=as_attachment,
            filename=filename,
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response
