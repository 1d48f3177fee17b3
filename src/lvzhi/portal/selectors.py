"""Reads of the public portal. It shows what the other capabilities publish, through their
public selectors; every read has a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.core.models import Division, DivisionLevel
from lvzhi.core.names import local_name
from lvzhi.core.text import clean_text
from lvzhi.proposals import selectors as proposal_selectors
from lvzhi.proposals.models import Proposal
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Level
from lvzhi.stations import selectors as station_selectors
from lvzhi.stations.models import Station, StationDeputy
from lvzhi.suggestions import selectors as suggestion_selectors
from lvzhi.suggestions.models import CoSigner, CoSignStatus, Status, Suggestion

from . import rules
from .models import News

# ---- news ------------------------------------------------------------------------------------


def published_news() -> QuerySet[News]:
    return News.objects.filter(is_published=True).order_by("-published_on", "-id")


def public_news(pk: int) -> News:
    item = published_news().filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such news item."))
    return item


def news_for_editor(q: str = "") -> QuerySet[News]:
    qs = News.objects.select_related("created_by").order_by("-updated_at", "-id")
    text = clean_text(q, 64)
    if text:
        qs = qs.filter(title__contains=text)
    return qs


def latest_suggestions(limit: int = rules.HOME_SUGGESTIONS) -> list[Suggestion]:
    return list(suggestion_selectors.public()[:limit])


# ---- deputies --------------------------------------------------------------------------------


def directory(filters: registry_selectors.PublicFilters) -> QuerySet[Deputy]:
    return registry_selectors.public_deputies(filters)


def level_choices() -> list[tuple[str, str]]:
    return [(str(v), str(label)) for v, label in Level.choices]


def county_choices() -> list[tuple[str, str]]:
    return registry_selectors.division_choices()


def delegation_choices() -> list[tuple[int, str]]:
    return list(registry_selectors.public_delegations().values_list("id", "name"))


@dataclass
class DutySummary:
    """What a deputy did, in counts that anyone may see (the items behind them are public
    where the apps publish them)."""

    suggestions_led: int
    suggestions_cosigned: int
    public_suggestions: list[Suggestion]
    proposals_led: int
    public_proposals: list[Proposal]
    stations: list[Station]


def duty_summary(deputy_id: int) -> DutySummary:
    """Six queries whatever the deputy's record."""
    handed_in = Suggestion.objects.filter(proposer_id=deputy_id).exclude(
        status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    cosigned = CoSigner.objects.filter(deputy_id=deputy_id, status=CoSignStatus.CONFIRMED).exclude(
        suggestion__status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    entries = StationDeputy.objects.filter(deputy_id=deputy_id).values("station_id")
    return DutySummary(
        suggestions_led=handed_in.count(),
        suggestions_cosigned=cosigned.count(),
        public_suggestions=list(suggestion_selectors.public().filter(proposer_id=deputy_id)[:10]),
        proposals_led=Proposal.objects.filter(
            proposer_id=deputy_id, status__in=proposal_selectors.PUBLIC_STATUSES
        ).count(),
        public_proposals=list(proposal_selectors.public().filter(proposer_id=deputy_id)[:10]),
        stations=list(station_selectors.public_stations().filter(pk__in=entries)),
    )


# ---- find my deputy -------------------------------------------------------------------------


def townships() -> list[tuple[str, list[tuple[str, str]]]]:
    """Townships and streets grouped by county, for the "find my deputy" choice (names in the
    active language where a Uyghur or Kazakh form is known)."""
    rows = Division.objects.filter(level=DivisionLevel.TOWNSHIP).select_related("parent")
    groups: dict[str, list[tuple[str, str]]] = {}
    for d in rows.order_by("code"):
        county = local_name(d.parent) if d.parent else ""
        groups.setdefault(county, []).append((d.code, local_name(d)))
    return list(groups.items())


@dataclass
class MyDeputies:
    township: Division
    county: Division | None
    elected_here: list[Deputy]  # township and county deputies elected in this township
    prefecture: list[Deputy]  # prefecture deputies elected in the county
    stations: list[Station]


def my_deputies(code: str) -> MyDeputies:
    code = clean_text(code, 12)
    township = (
        Division.objects.filter(code=code, level=DivisionLevel.TOWNSHIP)
        .select_related("parent")
        .first()
    )
    if township is None:
        raise NotFound(_("Please choose your township or street from the list."))
    county = township.parent
    elected = directory(registry_selectors.PublicFilters(division=township.code))
    prefecture: list[Deputy] = []
    if county is not None:
        prefecture = list(
            directory(
                registry_selectors.PublicFilters(level=Level.PREFECTURE, division=county.code)
            )
        )
    return MyDeputies(
        township=township,
        county=county,
        elected_here=list(elected),
        prefecture=prefecture,
        stations=list(station_selectors.public_stations(county=township.code)),
    )


# ---- sitemap ---------------------------------------------------------------------------------


def sitemap_items() -> dict[str, Any]:
    """Ids (and dates) of every public page, in a handful of queries."""
    limit = rules.SITEMAP_LIMIT
    return {
        "news": list(published_news().values_list("id", "published_on")[:limit]),
        "deputies": list(
            registry_selectors.public_seats()
            .order_by("deputy_id")
            .values_list("deputy_id", flat=True)
            .distinct()[:limit]
        ),
        "suggestions": list(suggestion_selectors.public().values_list("id", flat=True)[:limit]),
        "proposals": list(proposal_selectors.public().values_list("id", flat=True)[:limit]),
        "stations": list(station_selectors.public_stations().values_list("id", flat=True)[:limit]),
    }
