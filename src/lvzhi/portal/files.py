"""The public directory of deputies as a file (issue 22.7): its columns, written once for the
page's CSV and for the workbook of the whole directory, a stored document made ahead of time
(``core.publicfiles``): the public directory of a prefecture takes seconds to write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import publicfiles, spreadsheets
from lvzhi.registry import selectors as registry_selectors

from . import selectors


def directory_columns() -> spreadsheets.Columns[Any]:
    """The directory's columns, for one file."""
    from lvzhi.registry.models import Ethnicity, Gender

    # The labels translated once per file: ``get_ethnicity_display()`` translates the 56
    # choices again for every row (three quarters of the directory's time).
    genders = {value: str(label) for value, label in Gender.choices}
    ethnicities = {value: str(label) for value, label in Ethnicity.choices}
    terms: dict[int, str] = {}

    def term(m: Any) -> str:
        if m.term_id not in terms:
            terms[m.term_id] = str(m.term)
        return terms[m.term_id]

    def seats(d: Any) -> str:
        return "；".join(
            f"{term(m)}（{m.electoral_unit.name}）" for m in getattr(d, "public_seats", [])
        )

    return spreadsheets.Columns[Any](
        (gettext_lazy("Name of the deputy"), lambda d: d.name),
        (gettext_lazy("Gender"), lambda d: genders.get(d.gender, d.gender)),
        (gettext_lazy("Ethnicity"), lambda d: ethnicities.get(d.ethnicity, d.ethnicity)),
        (gettext_lazy("Work unit and position"), lambda d: d.position),
        (gettext_lazy("Seats"), seats),
    )


def directory_header() -> list[str]:
    return directory_columns().header()


def directory_rows(qs: Any) -> Iterator[list[str]]:
    return directory_columns().lines(qs.iterator(chunk_size=500))


def directory_xlsx(language: str) -> bytes:
    """The whole public directory as a workbook in ``language`` (the stored document)."""
    with translation.override(language):
        rows = directory_rows(selectors.directory(registry_selectors.PublicFilters()))
        sheet = spreadsheets.Sheet(str(_("Directory of deputies")), directory_header(), rows)
        return spreadsheets.xlsx_bytes([sheet])


DIRECTORY = publicfiles.PublicList(
    name="public-deputies",
    builder="lvzhi.portal.files.directory_xlsx",
    filename=lambda: "deputies.xlsx",
)


def register() -> None:
    publicfiles.register(DIRECTORY)
