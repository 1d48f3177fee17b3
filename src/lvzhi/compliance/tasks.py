"""Background work of the compliance view (Django Tasks API): the table and the dashboard
blocks computed again after a change, while the pages show the last ones (issue 28.6b,
``selectors.cached``)."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task


@task()
def refresh_table(congress_pk: int, year: int, part: str, language: str) -> None:
    from lvzhi.registry.models import Congress

    from . import selectors
    from .periods import Period

    congress = Congress.objects.filter(pk=congress_pk).select_related("division").first()
    if congress is None:  # removed since: nothing to compute
        return
    with translation.override(language or None):
        selectors.refresh_table(congress, Period(year, part))


@task()
def refresh_block(congress_pk: int, year: int, block: str, user_pk: int, language: str) -> None:
    from lvzhi.core.models import User
    from lvzhi.registry.models import Congress

    from . import dashboards

    congress = Congress.objects.filter(pk=congress_pk).select_related("division").first()
    user = User.objects.filter(pk=user_pk).first()
    if congress is None or user is None:
        return
    with translation.override(language or None):
        dashboards.refresh(user, congress, year, block)
