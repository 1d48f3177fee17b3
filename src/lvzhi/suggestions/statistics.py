"""Statistics of suggestion handling by unit, category or year (R15-R16; SPEC section 6
item 12). A fixed number of queries whatever the data size.

- on-time rate (按时答复率): replies given by the due date / replies;
- completion rate (办成率): replies of class A / replies;
- satisfaction rate (满意率): evaluations "satisfied" or "basically satisfied" / evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from .models import Assignment, Category, Evaluation, Rating, Reply, UnitRole


@dataclass
class Row:
    key: str
    label: str
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    class_a: int = 0
    evaluated: int = 0
    satisfied: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100.0 * part / whole, 1) if whole else None

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time, self.replied)

    @property
    def completion_rate(self) -> float | None:
        return self._rate(self.class_a, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.evaluated)


GROUPINGS = ("unit", "category", "year")


def compute(suggestions: Any, group: str = "unit", year: int | None = None) -> list[Row]:
    """Rows for the suggestions of the queryset ``suggestions`` (already scoped)."""
    if group not in GROUPINGS:
        raise ValueError(group)
    leads = Assignment.objects.filter(role=UnitRole.LEAD, suggestion__in=suggestions)
    replies = Reply.objects.filter(suggestion__in=suggestions)
    evaluations = Evaluation.objects.filter(suggestion__in=suggestions)
    if year:
        leads = leads.filter(assigned_on__year=year)
        replies = replies.filter(replied_at__year=year)
        evaluations = evaluations.filter(evaluated_at__year=year)
    rows: dict[str, Row] = {}
    labels = dict(Category.choices)

    def row(values: dict[str, Any], name_field: str = "") -> Row:
        if group == "unit":
            key = str(values["unit_id"])
            label = values.get(name_field) or key
        elif group == "category":
            key = values["suggestion__category"]
            label = str(labels.get(key, key))
        else:
            key = str(values["year"])
            label = _("%(year)s") % {"year": key}
        return rows.setdefault(key, Row(key=key, label=str(label)))

    if group == "year":
        leads = leads.annotate(year=ExtractYear("assigned_on"))
        replies = replies.annotate(year=ExtractYear("replied_at"))
        evaluations = evaluations.annotate(year=ExtractYear("evaluated_at"))
        keys: tuple[str, ...] = ("year",)
        reply_keys = eval_keys = keys
    elif group == "unit":
        keys = ("unit_id", "unit__name")
        reply_keys = keys
        eval_keys = ("reply__unit_id", "reply__unit__name")
    else:
        keys = reply_keys = eval_keys = ("suggestion__category",)
    for v in leads.values(*keys).annotate(n=Count("id")).order_by():
        row(v, "unit__name").assigned = v["n"]
    for v in (
        replies.values(*reply_keys)
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(on_time=True)),
            a=Count("id", filter=Q(result_class="A")),
        )
        .order_by()
    ):
        r = row(v, "unit__name")
        r.replied, r.on_time, r.class_a = v["n"], v["on_time"], v["a"]
    for v in (
        evaluations.values(*eval_keys)
        .annotate(
            n=Count("id"), ok=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY]))
        )
        .order_by()
    ):
        if group == "unit":
            v = {"unit_id": v["reply__unit_id"], "unit__name": v["reply__unit__name"], **v}
        r = row(v, "unit__name")
        r.evaluated, r.satisfied = v["n"], v["ok"]
    if group == "year":  # years read in their order, each labelled with its year
        return sorted(rows.values(), key=lambda r: r.key)
    return sorted(rows.values(), key=lambda r: (-r.assigned, r.label))


def totals(rows: list[Row]) -> Row:
    t = Row(key="total", label=_("Total"))
    for r in rows:
        t.assigned += r.assigned
        t.replied += r.replied
        t.on_time += r.on_time
        t.class_a += r.class_a
        t.evaluated += r.evaluated
        t.satisfied += r.satisfied
    return t
