"""The public lists' workbooks (issue 22.7): the portal's directory of deputies, the published
suggestions and the decided proposals download as CSV and as .xlsx without an account.

A list's CSV is streamed from the request: its first line leaves at once and each row as it is
read, whatever the list's length. A workbook cannot be streamed (an .xlsx is a zip written
whole), and the whole public directory of a prefecture takes seconds to write, so:

- **the whole list** (no search, no filter) is a stored document of ``core.prebuilt``, one per
  language of the public pages (the headers and labels are translated): built once per
  version of the data, rebuilt in the background after a change, served from its file at
  once — as the Popolo export and the sitemap are;
- **a filtered list** of at most ``INLINE_MAX_ROWS`` rows (what a search or a township's
  deputies give) is written in the request: the bound keeps it under a second;
- **a filtered list above the bound** cannot be made in advance (there is one per search
  typed) and a visitor has no account to own a background file (``core.filejobs``): the
  answer is a short page saying so and offering that selection as CSV (streamed at once) or
  the whole list as a workbook (stored in advance), to filter in the spreadsheet.

Each app registers its lists (``register``); ``lvzhi prebuild`` makes every list's workbook of
the current data in every language, with a progress bar, so that not even the first visitor
after an installation or an upgrade waits for one (``core.prebuilt`` builds in the request only
when no file exists at all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation

from . import filejobs, prebuilt, spreadsheets

# Rows of a filtered public list written as a workbook inside the request (the bound every
# list's export shares, issue 22.7).
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS


@dataclass(frozen=True)
class PublicList:
    """A public list's workbook: ``builder`` is the dotted path of a function
    ``(language) -> bytes`` writing the whole list in that language; ``filename`` names the
    download (a function, so that it is translated when asked)."""

    name: str
    builder: str
    filename: Callable[[], str]

    def document(self, language: str) -> prebuilt.Document:
        return prebuilt.Document(
            name=f"{self.name}-{language}",
            builder=self.builder,
            content_type=spreadsheets.XLSX_TYPE,
            suffix=".xlsx",
            args=(language,),
        )

    def whole(self) -> HttpResponseBase:
        """The whole list's stored workbook, in the page's language."""
        language = filejobs.language_code(translation.get_language())
        answer = prebuilt.response(self.document(language))
        answer["Content-Disposition"] = spreadsheets.content_disposition(self.filename())
        return answer

    def response(
        self,
        request: HttpRequest,
        *,
        filtered: bool,
        rows: Any,
        inline: Callable[[], HttpResponseBase],
    ) -> HttpResponseBase:
        """The answer to ``?format=xlsx`` of the list's page: the stored whole list when
        nothing is filtered; ``inline()`` (the workbook written now) when the selection
        ``rows`` is within the bound; otherwise the page offering CSV or the whole list."""
        if not filtered:
            return self.whole()
        if not filejobs.is_large(rows, INLINE_MAX_ROWS):
            return inline()
        return too_large(request)


LISTS: dict[str, PublicList] = {}


def register(public: PublicList) -> None:
    LISTS[public.name] = public


def languages() -> list[str]:
    """The languages of the public pages: each has its own stored workbook."""
    return [code for code, _name in settings.LANGUAGES]


def prebuild(
    names: list[str] | None = None,
    langs: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Make the stored workbook of the current data for each list and language (all by
    default) that has none yet; the files made, by name."""
    version = prebuilt.data_version()
    chosen = [LISTS[n] for n in (names or sorted(LISTS))]
    todo = [p.document(lang) for p in chosen for lang in (langs or languages())]
    made = []
    for done, doc in enumerate(todo):
        if progress is not None:
            progress(done, len(todo))
        if not prebuilt.path_of(doc, version).exists():
            made.append(prebuilt.build(doc, version).name)
    if progress is not None:
        progress(len(todo), len(todo))
    return made


def too_large(request: HttpRequest) -> HttpResponse:
    """The page shown for a filtered workbook above the bound: the same selection as CSV (the
    page's query with ``format=csv``) or the whole list's stored workbook."""
    query = {k: v for k, v in request.GET.items() if k not in filejobs.NOT_FILTERS}
    return render(
        request,
        "public_export_too_large.html",
        {
            "limit": INLINE_MAX_ROWS,
            "csv_url": "?" + urlencode({**query, "format": "csv"}),
            "whole_url": "?" + urlencode({"format": "xlsx"}),
            "list_url": "?" + urlencode(query),
        },
    )
