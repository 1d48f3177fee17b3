"""One person picker and one organisation picker (issue 22.2), used wherever a form chooses a
deputy or an organisation.

A picker is a type-ahead search box (the ARIA combobox pattern, ``lvzhi/picker.js``) over the
field's own candidates; each choice shows what tells namesakes apart (level, electoral unit,
township, birth year, the tail of the masked ID number). Multiple pickers may add a whole
deputy group, electoral unit or delegation at once (``g<id>``). Without script the same
widget is a plain search: the user types a name, pinyin or initials and submits; a single
match is taken, several come back as boxes to tick, and nothing else typed is lost.

Search is an indexed query: the names' pinyin and initials are stored (``Deputy.name_pinyin``,
``Organisation.name_pinyin`` …) and matched by prefix, Chinese by substring; never Python over
all rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import ModelChoiceField, ModelMultipleChoiceField
from lvzhi.core.models import Division, DivisionLevel
from lvzhi.core.text import one_line

from .models import Deputy, Level, Membership, MembershipStatus, Organisation, OrgKind, Term

PICK_LIMIT = 20  # choices offered for one query: a name, not a list to scroll
GROUP_PREFIX = "g"  # a value "g<organisation id>" adds the group's serving deputies
GROUP_KINDS = (OrgKind.DEPUTY_GROUP, OrgKind.ELECTORAL_UNIT, OrgKind.DELEGATION)


@dataclass(frozen=True)
class Pick:
    """One choice as the picker shows it."""

    value: str
    label: str
    hint: str = ""
    members: int = 0  # for a whole group: how many deputies it adds

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _ascii(q: str) -> str:
    return q.lower().replace(" ", "").replace("·", "")


def name_q(q: str, prefix: str = "") -> Q:
    """Names matching a query: Chinese (or Uyghur, Kazakh) by substring, Latin letters by the
    start of the pinyin or of the initials — both stored and indexed."""
    q = q.strip()
    ascii_q = _ascii(q)
    if ascii_q and ascii_q.isascii() and ascii_q.isalpha():
        return Q(**{f"{prefix}name_pinyin__startswith": ascii_q}) | Q(
            **{f"{prefix}name_initials__startswith": ascii_q}
        )
    return (
        Q(**{f"{prefix}name__contains": q})
        | Q(**{f"{prefix}name_ug__contains": q})
        | Q(**{f"{prefix}name_kk__contains": q})
    )


# --- deputies ---------------------------------------------------------------------------------


def describe_deputies(deputies: Iterable[Deputy]) -> list[Pick]:
    """Each deputy with what tells namesakes apart: their serving seats (level and electoral
    unit with its township or county), birth year and the last four characters of the masked
    ID number. Two queries whatever the number."""
    people = list(deputies)
    seats: dict[int, list[str]] = {}
    rows = (
        Membership.objects.filter(
            deputy_id__in=[d.pk for d in people], status=MembershipStatus.SERVING
        )
        .select_related("electoral_unit__division")
        .only("deputy_id", "level", "electoral_unit__name", "electoral_unit__division__name")
        .order_by("deputy_id", "level")
    )
    levels = dict(Level.choices)
    for m in rows:
        unit = m.electoral_unit
        place = unit.name
        division = unit.division.name if unit.division is not None else ""
        if division and division not in place:
            place = f"{place}（{division}）"
        seats.setdefault(m.deputy_id, []).append(f"{levels.get(m.level, m.level)} {place}")
    out = []
    for d in people:
        parts = [*seats.get(d.pk, [])]
        if d.birth_date:
            parts.append(_g("born %(year)s") % {"year": d.birth_date.year})
        if d.id_number_masked:
            parts.append(_g("ID …%(tail)s") % {"tail": d.id_number_masked[-4:]})
        out.append(Pick(str(d.pk), d.name, " · ".join(parts)))
    return out


def search_deputies(candidates: QuerySet[Deputy], q: str, limit: int = PICK_LIMIT) -> list[Pick]:
    if not q.strip():
        return []
    found = (
        candidates.filter(name_q(q))
        .select_related(None)
        .order_by("name_pinyin", "id")
        .distinct()[:limit]
    )
    return describe_deputies(
        found.only("id", "name", "birth_date", "id_number_masked", "name_pinyin")
    )


def _group_seats(org_id: int) -> Q:
    return (
        Q(memberships__deputy_group_id=org_id)
        | Q(memberships__electoral_unit_id=org_id)
        | Q(memberships__delegation_id=org_id)
    ) & Q(memberships__status=MembershipStatus.SERVING)


def group_members(candidates: QuerySet[Deputy], org_id: int) -> QuerySet[Deputy]:
    """The candidates serving in one deputy group, electoral unit or delegation."""
    return candidates.filter(_group_seats(org_id)).distinct()


def search_groups(candidates: QuerySet[Deputy], q: str, limit: int = 5) -> list[Pick]:
    """Deputy groups, electoral units and delegations matching the query, each with how many
    of the candidates serve in it; groups with none are left out."""
    if not q.strip():
        return []
    orgs = list(
        Organisation.objects.filter(name_q(q), kind__in=GROUP_KINDS, is_active=True)
        .select_related("parent")
        .only("id", "name", "kind", "parent__name")
        .order_by("path")[: limit * 4]
    )
    if not orgs:
        return []
    ids = [o.pk for o in orgs]
    seats = Membership.objects.filter(
        deputy_id__in=candidates.values("pk"), status=MembershipStatus.SERVING
    )
    counts: dict[int, int] = {}
    for column in ("deputy_group_id", "electoral_unit_id", "delegation_id"):
        for org_id, n in (
            seats.filter(**{f"{column}__in": ids})
            .values_list(column)
            .annotate(n=Count("deputy_id", distinct=True))
            .values_list(column, "n")
        ):
            counts[org_id] = counts.get(org_id, 0) + n
    kinds = dict(OrgKind.choices)
    out = []
    for o in orgs:
        if counts.get(o.pk):
            parent = o.parent.name if o.parent is not None else ""
            hint = " · ".join(p for p in (str(kinds.get(o.kind, o.kind)), parent) if p)
            label = _g("Whole %(group)s") % {"group": o.name}
            out.append(Pick(f"{GROUP_PREFIX}{o.pk}", label, hint, counts[o.pk]))
    return out[:limit]


# --- organisations ----------------------------------------------------------------------------


def describe_organisations(orgs: Iterable[Organisation]) -> list[Pick]:
    kinds = dict(OrgKind.choices)
    out = []
    for o in orgs:
        parent = o.parent.name if o.parent_id and o.parent is not None else ""
        hint = " · ".join(p for p in (str(kinds.get(o.kind, o.kind)), parent) if p)
        out.append(Pick(str(o.pk), o.name, hint))
    return out


def search_organisations(
    candidates: QuerySet[Organisation], q: str, limit: int = PICK_LIMIT
) -> list[Pick]:
    if not q.strip():
        return []
    found = (
        candidates.filter(name_q(q) | Q(short_name__contains=q.strip()))
        # The caller's queryset may follow other relations (the units of a form come with
        # their division): only the parent is read here, and .only() may not defer a
        # relation that is followed.
        .select_related(None)
        .select_related("parent")
        .only("id", "name", "kind", "parent__name")
        .order_by("path")[:limit]
    )
    return describe_organisations(found)


# --- terms and divisions (the term select of 250 options, the 1,700 divisions) ---------------


def describe_terms(terms: Iterable[Term]) -> list[Pick]:
    levels = dict(Level.choices)
    out = []
    for t in terms:
        span = f"{t.starts_on:%Y}–{t.ends_on:%Y}"
        current = _g("current") if t.is_current else ""
        hint = " · ".join(p for p in (str(levels.get(t.congress.level, "")), span, current) if p)
        out.append(Pick(str(t.pk), str(t), hint))
    return out


def search_terms(candidates: QuerySet[Term], q: str, limit: int = PICK_LIMIT) -> list[Pick]:
    """Terms by the congress's place: Chinese by substring, Latin letters by the pinyin of
    the congress's own organisation (its Standing Committee or presidium)."""
    q = q.strip()
    if not q:
        return []
    ascii_q = _ascii(q)
    if ascii_q.isascii() and ascii_q.isalpha():
        congresses = Organisation.objects.filter(name_q(q)).values("congress_id")
        match = Q(congress_id__in=congresses)
    else:
        match = Q(congress__name__contains=q) | Q(congress__division__name__contains=q)
    found = (
        candidates.filter(match)
        .select_related("congress__division")
        .order_by("congress__division__code", "-number")[:limit]
    )
    return describe_terms(found)


def _division_hint(d: Division, levels: dict[Any, Any]) -> str:
    parent = d.parent.name if d.parent_id and d.parent is not None else ""
    return " · ".join(p for p in (str(levels.get(d.level, "")), parent, d.code) if p)


def describe_divisions(divisions: Iterable[Division]) -> list[Pick]:
    levels = dict(DivisionLevel.choices)
    return [Pick(str(d.pk), d.name, _division_hint(d, levels)) for d in divisions]


def describe_division_codes(divisions: Iterable[Division]) -> list[Pick]:
    """Divisions chosen by the start of their codes (``filter_code``, annotated by
    ``selectors.directory_divisions``), not by their id: the directory's filter."""
    levels = dict(DivisionLevel.choices)
    return [Pick(d.filter_code, d.name, _division_hint(d, levels)) for d in divisions]  # type: ignore[attr-defined]


def _found_divisions(candidates: QuerySet[Division], q: str, limit: int) -> QuerySet[Division]:
    match = Q(code__startswith=q) if q.isdigit() else Q(name__contains=q)
    return candidates.filter(match).select_related("parent").order_by("code")[:limit]


def search_divisions(candidates: QuerySet[Division], q: str, limit: int = PICK_LIMIT) -> list[Pick]:
    """Divisions by name (substring) or by code (its start), both indexed or small."""
    q = q.strip()
    return describe_divisions(_found_divisions(candidates, q, limit)) if q else []


def search_division_codes(
    candidates: QuerySet[Division], q: str, limit: int = PICK_LIMIT
) -> list[Pick]:
    """As ``search_divisions``, each chosen by the start of its codes."""
    q = q.strip()
    return describe_division_codes(_found_divisions(candidates, q, limit)) if q else []


# --- the widget and the fields ----------------------------------------------------------------


def _is_key(text: str) -> bool:
    """A primary key that the database can hold (a longer number is no choice at all)."""
    return text.isdecimal() and len(text) <= 18


@dataclass
class PickerData:
    """What a picker submits: the chosen values and what was typed in the search box."""

    values: list[str] = field(default_factory=list)
    q: str = ""


class PickerWidget(forms.Widget):
    """The search box, the chosen values as ticked boxes and, after a search without script,
    the matches to tick. ``lvzhi/picker.js`` adds the type-ahead list."""

    kind = "deputies"

    def __init__(
        self,
        *,
        multiple: bool,
        source: str,
        groups: bool = False,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.source = source
        self.groups = groups
        self.params: dict[str, Any] = {}
        self.queryset: QuerySet[Any] | None = None
        self.describe: Any = None
        self.search: Any = None
        self.placeholder: Any = ""  # the field's own, else the kind's below
        self.to_field = "pk"  # what a value is: the field's ``to_field_name``, else the id

    def value_from_datadict(self, data: Any, files: Any, name: str) -> PickerData:
        getlist = getattr(data, "getlist", None)
        raw = getlist(name) if getlist else data.get(name)
        if raw is None:
            values: list[str] = []
        elif isinstance(raw, (list, tuple)):
            values = [str(v) for v in raw if str(v).strip()]
        else:
            values = [str(raw)] if str(raw).strip() else []
        # What is typed is cleaned like any text (NUL and control characters out).
        return PickerData(values=values, q=one_line(data.get(f"{name}_q", "") or "", 64))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def _chosen(self, value: Any) -> tuple[list[Pick], str]:
        if isinstance(value, PickerData):
            values, q = value.values, value.q
        elif value in (None, ""):
            values, q = [], ""
        elif isinstance(value, (list, tuple, set)):
            values, q = [str(getattr(v, "pk", v)) for v in value], ""
        else:
            values, q = [str(getattr(value, "pk", value))], ""
        picks: list[Pick] = []
        ids = [v for v in values if _is_key(v)]
        if ids and self.queryset is not None and self.describe is not None:
            if self.to_field == "pk":
                rows = self.queryset.model._default_manager.filter(pk__in=ids)
            else:  # a value of the field's own queryset (it may be annotated)
                rows = self.queryset.filter(**{f"{self.to_field}__in": ids})
            found = {str(getattr(o, self.to_field)): o for o in rows}
            picks = self.describe([found[i] for i in ids if i in found])
        if self.groups:
            group_ids = [v[1:] for v in values if v.startswith(GROUP_PREFIX) and _is_key(v[1:])]
            for o in Organisation.objects.filter(pk__in=group_ids).only("id", "name"):
                picks.append(
                    Pick(f"{GROUP_PREFIX}{o.pk}", _g("Whole %(group)s") % {"group": o.name})
                )
        return picks, q

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        attrs = {**self.attrs, **(attrs or {})}
        input_id = attrs.get("id") or f"id_{name}"
        picks, q = self._chosen(value)
        box = "checkbox" if self.multiple else "radio"
        chosen_values = {p.value for p in picks}
        matches: list[Pick] = []
        queryset = self.queryset
        wanted = bool(q.strip()) and (self.multiple or not picks)
        if wanted and queryset is not None and self.search is not None:
            matches = [p for p in self.search(queryset, q) if p.value not in chosen_values]
            if self.groups and self.multiple:
                matches += search_groups(queryset, q)

        def option(p: Pick, checked: bool) -> Any:
            size = format_html(" <small>{}</small>", _g("%(n)s deputies") % {"n": p.members})
            return format_html(
                '<li><label class="check"><input type="{}" name="{}" value="{}"{}> '
                '<span class="pick-label">{}</span>{} <small class="muted">{}</small>'
                "</label></li>",
                box,
                name,
                p.value,
                " checked" if checked else "",
                p.label,
                size if p.members else "",
                p.hint,
            )

        chosen_html = format_html_join("", "{}", ((option(p, True),) for p in picks))
        matches_html = ""
        if matches:
            matches_html = format_html(
                '<fieldset class="picker-matches"><legend>{}</legend><ul class="plain">{}</ul>'
                "</fieldset>",
                _g("Matches for “%(q)s”: tick to choose") % {"q": q},
                format_html_join("", "{}", ((option(p, False),) for p in matches)),
            )
        query = urlencode({k: v for k, v in self.params.items() if v not in (None, "")})
        source = reverse(self.source) + (f"?{query}" if query else "")
        placeholder = (
            self.placeholder
            or {
                "deputies": _g("Name, pinyin or initials"),
                "organisations": _g("Name, pinyin or initials of the organisation"),
                "terms": _g("Place of the congress, in characters or pinyin"),
                "divisions": _g("Name or code of the division"),
            }[self.kind]
        )
        return format_html(
            '<div class="picker" data-picker data-source="{}" data-name="{}" data-multiple="{}"'
            ' data-groups="{}" data-none="{}">'
            '<ul class="plain picker-chosen" aria-live="polite">{}</ul>'
            '<div class="picker-box"><input type="search" id="{}" name="{}_q" value="{}"'
            ' role="combobox" aria-autocomplete="list" aria-expanded="false"'
            ' aria-controls="{}_list" autocomplete="off" placeholder="{}"{}>'
            '<ul id="{}_list" role="listbox" class="picker-list" hidden></ul></div>'
            "{}"
            '<p class="help picker-help" id="{}_help">{}</p></div>',
            source,
            name,
            "1" if self.multiple else "",
            "1" if self.groups else "",
            _g("Nothing found"),
            chosen_html,
            input_id,
            name,
            q,
            input_id,
            placeholder,
            format_html(' aria-describedby="{}_help"', input_id),
            input_id,
            matches_html,
            input_id,
            _g(
                "Type a name, its pinyin or initials and choose from the list; without script, "
                "type and save: the matches come back to tick."
            ),
        )


PICKED: dict[str, tuple[Any, Any, Any]] = {
    # kind: the model chosen, how its choices are shown, how they are searched
    "deputies": (Deputy, describe_deputies, search_deputies),
    "organisations": (Organisation, describe_organisations, search_organisations),
    "terms": (Term, describe_terms, search_terms),
    "divisions": (Division, describe_divisions, search_divisions),
}


class PickerFieldMixin:
    """What the person, organisation, term and division fields share: their widget, an empty
    queryset of their model by default, searching their own queryset when a query was typed,
    and ``g<id>`` (a whole group) for multiple person pickers. Another app's picker (the
    opinion list's stations, ``stations.pickers``) names its own model, functions, search
    endpoint and placeholder."""

    widget: PickerWidget
    multiple = False
    kind = "deputies"  # a key of PICKED, and the search endpoint ``registry:pick_<kind>``
    offers_groups = False  # whether ``groups`` may add a whole group at once
    picked: tuple[Any, Any, Any] | None = None  # else PICKED[kind]
    source = ""  # the search endpoint's URL name, else ``registry:pick_<kind>``
    placeholder: Any = ""  # what the empty search box says, else the kind's

    def __init__(self, *, queryset: Any = None, groups: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            PickerWidget(
                multiple=self.multiple,
                source=self.source or f"registry:pick_{self.kind}",
                groups=groups and self.offers_groups,
            ),
        )
        model, describe, search = self.picked or PICKED[self.kind]
        super().__init__(  # type: ignore[call-arg]
            queryset=queryset if queryset is not None else model.objects.none(), **kwargs
        )
        self.widget.kind = self.kind
        self.widget.describe = describe
        self.widget.search = search
        self.widget.placeholder = self.placeholder
        self.widget.to_field = getattr(self, "to_field_name", None) or "pk"

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        self.widget.queryset = self._queryset  # type: ignore[attr-defined]

    queryset = property(lambda self: self._queryset, _set_queryset)

    def set_params(self, **params: Any) -> None:
        """What the type-ahead sends the search endpoint (a term, kinds of organisation …), so
        it offers what this field accepts."""
        self.widget.params = params

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, PickerData):
            typed = [data.q] if data.q.strip() else []
            values = data.values + typed
            data = values if self.multiple else (values[0] if values else None)
        return bool(super().has_changed(initial, data))  # type: ignore[misc]

    def _resolve(self, value: Any) -> list[str]:
        if not isinstance(value, PickerData):
            if value in (None, "", [], ()):
                return []
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        values: list[str] = []
        qs = self.queryset
        for v in value.values:
            if self.widget.groups and v.startswith(GROUP_PREFIX) and _is_key(v[1:]):
                values += [
                    str(pk) for pk in group_members(qs, int(v[1:])).values_list("pk", flat=True)
                ]
            else:
                values.append(v)
        q = value.q.strip()
        if q and (self.multiple or not values):
            found = self.widget.search(qs, q, 2 + len(values))
            found = [p for p in found if p.value not in values]
            if len(found) == 1:
                values.append(found[0].value)
            elif not found:
                raise forms.ValidationError(
                    _("Nothing matches “%(q)s”: try the pinyin or the initials."),
                    code="no_match",
                    params={"q": q},
                )
            else:
                raise forms.ValidationError(
                    _("Several match “%(q)s”: tick the right one below."),
                    code="several",
                    params={"q": q},
                )
        return list(dict.fromkeys(values))

    def clean(self, value: Any) -> Any:
        values = self._resolve(value)
        return super().clean(  # type: ignore[misc]
            values if self.multiple else (values[0] if values else None)
        )


class DeputyPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one deputy out of ``queryset``."""


class DeputiesPickerField(PickerFieldMixin, ModelMultipleChoiceField):
    """Chooses deputies out of ``queryset``; a whole group at once if ``groups``."""

    multiple = True
    offers_groups = True


class OrganisationPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one organisation out of ``queryset``."""

    kind = "organisations"


class OrganisationsPickerField(PickerFieldMixin, ModelMultipleChoiceField):
    """Chooses organisations out of ``queryset``."""

    multiple = True
    kind = "organisations"


class TermPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one congress term out of ``queryset`` by the congress's place."""

    kind = "terms"


class DivisionPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one administrative division by name or code."""

    kind = "divisions"


# --- the staff directory's filters (the selects of 1,700 counties and delegations) -------------


class DirectoryDivisionPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses a county or region of ``selectors.directory_divisions()`` by name or code; its
    value is the start of the codes the directory keeps (``?division=654002``), as the select's
    was."""

    kind = "divisions"
    picked: tuple[Any, Any, Any] = (Division, describe_division_codes, search_division_codes)
    source = "registry:pick_directory_divisions"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(to_field_name="filter_code", **kwargs)


class DirectoryDelegationPickerField(PickerFieldMixin, ModelChoiceField):
    """Chooses one of the delegations in the user's directory scope
    (``selectors.directory_delegations``); its value is the delegation's id."""

    kind = "organisations"
    source = "registry:pick_directory_delegations"
    placeholder = _("Name, pinyin or initials of the delegation")
