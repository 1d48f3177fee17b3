"""The station picker of the opinion list's filter: the project's picker (``registry.pickers``,
issue 22.2) over the user's own stations. Staff over a large prefecture's liaison posts have
thousands of stations, over the whole tree 20,000: a select of them was 1.2 MB of a 1.3 MB
page. The type-ahead asks ``views.pick_stations``, which finds only the user's stations
(``selectors.pickable_stations``); without script the name typed is looked up on submit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import ModelChoiceField
from lvzhi.registry.pickers import PICK_LIMIT, Pick, PickerFieldMixin, name_q

from .models import Station, StationLevel


def describe_stations(stations: Iterable[Station]) -> list[Pick]:
    """Each station by its organisation's name, with its level and place (what tells two
    stations of the same name apart), in the order given; one query whatever the number."""
    ids = [s.pk for s in stations]
    rows = {
        s.pk: s
        for s in Station.objects.filter(pk__in=ids)
        .select_related("organisation__division", "organisation__parent")
        .only(
            "id",
            "level",
            "organisation__name",
            "organisation__division__name",
            "organisation__parent__name",
        )
    }
    levels = dict(StationLevel.choices)
    out = []
    for pk in ids:
        s = rows.get(pk)
        if s is None:
            continue
        org = s.organisation
        place = org.division.name if org.division is not None else ""
        if not place and org.parent is not None:
            place = org.parent.name
        hint = " · ".join(str(p) for p in (levels.get(s.level, ""), place) if p)
        out.append(Pick(str(s.pk), org.name, hint))
    return out


def search_stations(candidates: QuerySet[Station], q: str, limit: int = PICK_LIMIT) -> list[Pick]:
    """Stations by their organisation's name (Chinese by substring, Latin letters by the start
    of the stored pinyin or initials) or short name, in the tree's order."""
    if not q.strip():
        return []
    found = (
        candidates.filter(
            name_q(q, prefix="organisation__") | Q(organisation__short_name__contains=q.strip())
        )
        .order_by("organisation__path")
        .only("id")[:limit]
    )
    return describe_stations(found)


class StationPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one station out of ``queryset`` (the user's stations)."""

    kind = "stations"
    picked: tuple[Any, Any, Any] = (Station, describe_stations, search_stations)
    source = "stations:pick_stations"
    placeholder = _("Name, pinyin or initials of the station")
