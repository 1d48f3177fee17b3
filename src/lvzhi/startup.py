"""What an app server process does once, after loading the platform and before serving.

1. Load what the first requests would otherwise load on their own time: jieba's dictionary
   (about half a second; the suggestion search and the similar-suggestions help need it).
2. Import every view module, the API and its schemas, by building the URL resolver: the first
   request did it otherwise, after the freeze, and left some 85,000 objects (django-ninja's
   pydantic validators, the URL patterns …) for every full collection to scan again: at the
   large scale one directory request in eight paused 60-70 ms (issue 26.2).
3. ``gc.freeze()``: every object alive now (Django, the apps, the catalogs, the dictionary)
   moves to the collector's permanent generation. Without it, Python's full collections scan
   them all again every few dozen requests: at the large scale one request in ten or twenty
   paused 120-130 ms for it (docs/performance.md, "What is still over a target").

Called by ``lvzhi.wsgi`` and ``lvzhi.asgi`` (each gunicorn or daphne worker imports them) and by
``bench/all.py``, which times pages in its own process.
"""

from __future__ import annotations

import gc


def refuse_unsafe_start() -> None:
    """gunicorn and daphne run no system checks: run the fail-closed ones (lvzhi.core.checks)
    and refuse to serve on any error, before the first request."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from lvzhi.core.checks import TAG

    errors = [m for m in checks.run_checks(tags=[TAG]) if m.is_serious()]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to start:\n" + "\n".join(f"{e.id}: {e.msg} {e.hint or ''}" for e in errors)
        )


def settle() -> None:
    from django.urls import get_resolver

    from lvzhi.suggestions import similarity

    similarity.warm()
    get_resolver().url_patterns  # noqa: B018  (imports every urls module and its views)
    get_resolver().reverse_dict  # noqa: B018  (the tables reverse() and {% url %} read)
    gc.freeze()
