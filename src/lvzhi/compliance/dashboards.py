"""The leaders' dashboards: the year at a glance for one congress. Each block is a table
(exportable) and a chart drawn on the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lvzhi.activities import selectors as activities_selectors
from lvzhi.activities.models import TrainingKind
from lvzhi.contacts import selectors as contacts_selectors
from lvzhi.core import clock
from lvzhi.meetings import selectors as meetings_selectors
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Term
from lvzhi.stations import selectors as stations_selectors
from lvzhi.suggestions import selectors as suggestions_selectors
from lvzhi.suggestions import statistics as suggestion_statistics

from . import charts, rules, selectors


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def suggestion_rates(congress: Congress, year: int) -> dict[str, Any]:
    """On-time, completion and satisfaction rates per year (R15)."""
    rows = suggestion_statistics.compute(suggestions_selectors.of_congress(congress.pk), "year")
    first = year - rules.DASHBOARD_YEARS + 1
    rows = sorted(
        (r for r in rows if r.key.isdecimal() and first <= int(r.key) <= year), key=lambda r: r.key
    )
    header = [
        _("Year"),
        _("Assigned"),
        _("Replied"),
        _("On-time rate"),
        _("Completion rate"),
        _("Satisfaction rate"),
    ]
    table = [
        [r.label, r.assigned, r.replied, r.on_time_rate, r.completion_rate, r.satisfaction_rate]
        for r in rows
    ]
    chart = charts.percent_bars(
        [
            (
                r.label,
                [
                    ("blue", r.on_time_rate),
                    ("red", r.completion_rate),
                    ("green", r.satisfaction_rate),
                ],
            )
            for r in rows
        ],
        [
            ("blue", _("On-time rate")),
            ("red", _("Completion rate")),
            ("green", _("Satisfaction rate")),
        ],
    )
    return {"header": header, "rows": table, "chart": chart}


def coverage(congress: Congress, term: Term | None) -> dict[str, Any]:
    """R32 training coverage per kind and R30 term coverage of attendance without a vote."""
    header = [_("Measure"), _("Deputies reached"), _("Serving deputies"), _("Coverage")]
    table: list[list[Any]] = []
    if term is not None:
        for kind, label in TrainingKind.choices:
            c = activities_selectors.training_coverage(term, kind)
            table.append([str(label), c.attended, c.serving, _pct(c.attended, c.serving)])
        serving = set(registry_selectors.deputies_serving_in(term.pk).values_list("id", flat=True))
        attended = meetings_selectors.non_voting_term_coverage(
            congress.pk, term.starts_on, term.ends_on
        )
        reached = len(serving & attended)
        table.append(
            [
                _("Attended a Standing Committee meeting without a vote (term)"),
                reached,
                len(serving),
                _pct(reached, len(serving)),
            ]
        )
    chart = charts.percent_bars(
        [(str(r[0]), [("blue", r[3])]) for r in table], [("blue", _("Coverage"))]
    )
    return {"header": header, "rows": table, "chart": chart}


def distinct_labels(pairs: list[tuple[str, str]]) -> list[str]:
    """Labels for a chart or table of people: a name borne by two or more is followed by what
    tells them apart (``(name, hint)``: the electoral unit, the organisation), and a pair
    still alike by a number, so namesakes never read as one person twice."""
    counts: dict[str, int] = {}
    for name, _hint in pairs:
        counts[name] = counts.get(name, 0) + 1
    out: list[str] = []
    seen: dict[str, int] = {}
    for name, hint in pairs:
        label = f"{name}（{hint}）" if counts[name] > 1 and hint else name
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}{seen[label]}")
    return out


def contacts(congress: Congress, year: int) -> dict[str, Any]:
    """R33-R34: each Standing Committee member's linked deputies and contacts in the year."""
    header = [
        _("Member"),
        _("Linked deputies"),
        _("Contacts"),
        _("Deputies contacted at least twice"),
    ]
    table: list[list[Any]] = []
    hints: list[tuple[str, str]] = []
    for org in contacts_selectors.obligations_of_division(congress.division_id, year):
        for row in org.rows:
            m = row.member
            if m is None or row.holder.kind != "sc_member":
                continue
            ok = sum(1 for r in m.rows if r.ok)
            table.append([row.holder.name, m.link_count, m.contacts, ok])
            unit = row.holder.electoral_unit
            hints.append(
                (row.holder.name, (unit.short_name or unit.name) if unit else org.organisation.name)
            )
    for r, label in zip(table, distinct_labels(hints), strict=True):
        r[0] = label
    chart = charts.percent_bars(
        [(str(r[0]), [("green", _pct(r[3], r[1]))]) for r in table],
        [("green", _("Linked deputies contacted at least twice"))],
    )
    return {"header": header, "rows": table, "chart": chart}


def station_scores(user: Any) -> dict[str, Any]:
    """R41: the 十有 score of the stations, averaged per county."""
    header = [_("County"), _("Stations"), _("Average score"), _("Complete")]
    table = [
        [g["name"], len(g["stations"]), g["average"], g["complete"]]
        for g in stations_selectors.standard_overview(user)
    ]
    chart = charts.percent_bars(
        [(str(r[0]), [("green", r[2])]) for r in table], [("green", _("Average score"))]
    )
    return {"header": header, "rows": table, "chart": chart}


def compliance_trend(congress: Congress, year: int) -> dict[str, Any]:
    """The compliance table per quarter of the year: rows met, to watch, behind."""
    header = [_("Period"), _("Met"), _("Watch"), _("Behind")]
    trend = selectors.trend(congress, year)
    table = [[t["period"].label, t["green"], t["amber"], t["red"]] for t in trend]
    chart = charts.stacked_bars(
        [(str(r[0]), [("green", r[1]), ("amber", r[2]), ("red", r[3])]) for r in table],
        [("green", _("Met")), ("amber", _("Watch")), ("red", _("Behind"))],
    )
    return {"header": header, "rows": table, "chart": chart}


BLOCKS = ("rates", "coverage", "contacts", "stations", "trend")


def _makers(user: Any, congress: Congress, year: int) -> dict[str, Callable[[], dict[str, Any]]]:
    def coverage_now() -> dict[str, Any]:
        return coverage(congress, Term.objects.filter(congress=congress, is_current=True).first())

    return {
        "rates": lambda: suggestion_rates(congress, year),
        "coverage": coverage_now,
        "contacts": lambda: contacts(congress, year),
        "stations": lambda: station_scores(user),
        "trend": lambda: compliance_trend(congress, year),
    }


def _parts(user: Any, congress: Congress, year: int, block: str) -> tuple[Any, ...]:
    # The stations' block shows the user's scope: it is kept per user.
    return (
        block,
        congress.pk,
        year,
        getattr(user, "pk", "") if block == "stations" else "",
    )


def refresh(user: Any, congress: Congress, year: int, block: str) -> None:
    """Compute one block now and keep it (the background task of ``selectors.cached``)."""
    if block in BLOCKS:
        selectors.store(
            "dashboard", _parts(user, congress, year, block), _makers(user, congress, year)[block]()
        )


def build_computed(
    user: Any, congress: Congress, year: int, only: str = "", *, page: bool = False
) -> dict[str, selectors.Computed]:
    """The blocks (or only one), each with when it was computed. Issue 26.3: each block is
    cached like the table (per congress, year, day, language, and for the stations' block the
    user) and retired by any write of the apps it reads (``core.versions``); issue 28.6b: for
    the ``page``, after such a write the last block is shown while the new one is computed in
    the background (an export is always current)."""
    from .tasks import refresh_block

    makers = _makers(user, congress, year)
    keys = [only] if only in makers else list(BLOCKS)
    language = get_language() or ""
    user_pk = getattr(user, "pk", None) or 0

    def refresher(block: str) -> Callable[[], None] | None:
        def refresh() -> None:
            refresh_block.enqueue(congress.pk, year, block, user_pk, language)

        return refresh if page else None

    return {
        k: selectors.cached("dashboard", _parts(user, congress, year, k), makers[k], refresher(k))
        for k in keys
    }


def build(user: Any, congress: Congress, year: int, only: str = "") -> dict[str, dict[str, Any]]:
    """The blocks' values of ``build_computed``."""
    return {k: c.value for k, c in build_computed(user, congress, year, only).items()}


TITLES = {
    "rates": gettext_lazy("Suggestion handling rates"),
    "coverage": gettext_lazy("Coverage of training and of attendance without a vote"),
    "contacts": gettext_lazy("Members' contacts with linked deputies"),
    "stations": gettext_lazy("Station scores (十有)"),
    "trend": gettext_lazy("Compliance trend"),
}


def default_year() -> int:
    return clock.today().year
