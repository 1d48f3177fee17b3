"""Who hears of the state changes of the work between sessions (inspections, legislation,
supervision, research, forum): this app's rows of the one table of ``core.notices`` (issue 22,
point 4). The services write the event (``activities/events.py``, subject ``"<prefix>:<id>"``);
the dispatcher reads these rows; the services call no ``notify``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Organisation, Role

from . import policies
from .models import (
    Comment,
    Draft,
    Inspection,
    InspectionOpinion,
    InspectionStatus,
    LegislativeProject,
    Research,
    ResearchForward,
    Route,
    StageInvitation,
    StageKind,
)

UNIT = frozenset({Role.HANDLING_UNIT})


def _active(deputy_ids: Iterable[Any]) -> list[Any]:
    return [u for u in registry_selectors.deputy_users(deputy_ids) if u.is_active]


def _link(name: str, pk: int) -> str:
    return reverse(f"activities:{name}", args=[pk])


# ---- inspections (R23, R24; Art 42-44) ---------------------------------------------------------


def _inspection_url(event: Event, i: Inspection) -> str:
    return _link("inspection", i.pk)


def _inspection_notice(kind: str, audience: Any, recipients: Any) -> Notice:
    """R23: the inspection's topic, start and sites, for the deputies to prepare."""
    return Notice(
        kind=kind,
        audience=audience,
        recipients=recipients,
        title=lambda e, i: Localized(
            gettext_noop("Inspection %(title)s from %(start)s: prepare in advance"),
            title=i.title,
            start=i.starts_on.isoformat(),
        ),
        body=lambda e, i: i.sites,
        url=_inspection_url,
    )


def _late_invitee(event: Event, i: Inspection) -> list[Any]:
    """A deputy invited after the notice went out is told at once (R23)."""
    if i.status != InspectionStatus.NOTIFIED:
        return []
    last = i.participants.order_by("-id").first()
    return _active([last.deputy_id]) if last is not None else []


def _opinion(event: Event) -> InspectionOpinion:
    return InspectionOpinion.objects.select_related("unit").get(pk=event.data["opinion"])


def _unit_staff(unit: Organisation | None) -> Any:
    return [] if unit is None else registry_selectors.users_with_role_over(unit, UNIT)


def _routed_to(route: str) -> Any:
    return lambda e: e.data.get("route") == route


def _unit_replied_recipients(event: Event, i: Inspection) -> list[Any]:
    op = _opinion(event)
    return [
        *_active([op.deputy_id]),
        *registry_selectors.users_with_role_over(i.organiser, policies.INSPECTION_ROLES),
    ]


# ---- legislation (R26, R27) --------------------------------------------------------------------


def _project_invited(event: Event, p: LegislativeProject) -> list[Any]:
    return _active(event.data["deputies"])


def _project_deputies(event: Event, p: LegislativeProject) -> list[Any]:
    return _active(StageInvitation.objects.filter(stage__project=p).values("deputy_id"))


def _comment(event: Event) -> Comment:
    return Comment.objects.select_related("article").get(pk=event.data["comment"])


# ---- research (R25; Art 49) --------------------------------------------------------------------


def _forward(event: Event, r: Research) -> ResearchForward:
    """The forward the event names: by the organ's id (events written before it was recorded
    name the organ only)."""
    organ = event.data.get("organ_id")
    named = {"organ_id": organ} if organ else {"organ__name": event.data["organ"]}
    return (
        ResearchForward.objects.select_related("organ")
        .filter(research=r, **named)
        .order_by("-feedback_at", "-id")[0]
    )


def _research_participants(event: Event, r: Research) -> list[Any]:
    return _active(r.participants.values("deputy_id"))


def _feedback(kind: str) -> Notice:
    """How the organ handled the report, recorded by the office or by the organ itself: every
    deputy who took part hears of it."""
    return Notice(
        kind=kind,
        audience=gettext_lazy("the deputies who took part in the research"),
        recipients=_research_participants,
        title=lambda e, r: Localized(
            gettext_noop("How %(organ)s handled the research report %(title)s"),
            organ=e.data["organ"],
            title=r.title,
        ),
        body=lambda e, r: _forward(e, r).feedback,
        url=lambda e, r: _link("research", r.pk),
    )


register(
    _inspection_notice(
        "activities.inspection_notified",
        gettext_lazy("the deputies taking part (R23)"),
        lambda e, i: _active(i.participants.values("deputy_id")),
    ),
    _inspection_notice(
        "activities.inspection_invited",
        gettext_lazy("the deputy invited, once the participants have been notified"),
        _late_invitee,
    ),
    Notice(
        kind="activities.inspection_opinion_routed",
        audience=gettext_lazy("the inspected unit's staff, when routed to the unit (R24)"),
        recipients=lambda e, i: _unit_staff(_opinion(e).unit),
        when=_routed_to(Route.UNIT),
        title=lambda e, i: Localized(
            gettext_noop("Opinion from the inspection %(title)s"), title=i.title
        ),
        body=lambda e, i: f"{_opinion(e).title}\n{_opinion(e).body}",
        url=lambda e, i: _link("unit_opinion", e.data["opinion"]),
    ),
    Notice(
        kind="activities.inspection_opinion_routed",
        audience=gettext_lazy("the deputy who gave it, when it is to become a suggestion"),
        recipients=lambda e, i: _active([_opinion(e).deputy_id]),
        when=_routed_to(Route.SUGGESTION),
        title=lambda e, i: Localized(
            gettext_noop("Submit your inspection opinion as a suggestion: %(title)s"),
            title=_opinion(e).title,
        ),
        url=_inspection_url,
        name="deputy",
    ),
    Notice(
        kind="activities.inspection_opinion_unit_replied",
        audience=gettext_lazy("the deputy who gave the opinion and the organisers"),
        recipients=_unit_replied_recipients,
        title=lambda e, i: Localized(
            gettext_noop("%(unit)s answered the inspection opinion %(title)s"),
            unit=e.data["organ"],
            title=_opinion(e).title,
        ),
        body=lambda e, i: _opinion(e).unit_reply,
        url=_inspection_url,
    ),
    Notice(
        kind="activities.project_invited",
        audience=gettext_lazy("the deputies invited to the stage (R26)"),
        recipients=_project_invited,
        title=lambda e, p: Localized(
            gettext_noop("Invitation to the %(stage)s of %(title)s"),
            stage=StageKind(e.data["stage"]).label,
            title=p.title,
        ),
        url=lambda e, p: _link("project", p.pk),
    ),
    Notice(
        kind="activities.project_draft_opened",
        audience=gettext_lazy("the deputies invited to the project (R27)"),
        recipients=_project_deputies,
        title=lambda e, p: Localized(
            gettext_noop("Draft open for comments: %(title)s"),
            title=Draft.objects.get(pk=e.data["draft"]).title,
        ),
        url=lambda e, p: _link("draft", e.data["draft"]),
    ),
    Notice(
        kind="activities.draft_comment_decided",
        audience=gettext_lazy("the deputy who commented (R27)"),
        recipients=lambda e, d: _active([_comment(e).deputy_id]),
        title=lambda e, d: Localized(
            gettext_noop("Your comment on article %(n)d: %(decision)s"),
            n=_comment(e).article.number,
            decision=_comment(e).get_decision_display(),
        ),
        body=lambda e, d: _comment(e).reason,
        url=lambda e, d: _link("draft_report", d.pk),
    ),
    Notice(
        kind="activities.supervision_tasks_sent",
        audience=gettext_lazy("the deputies invited (R28)"),
        recipients=lambda e, s: _active(s.invitations.values("deputy_id")),
        title=lambda e, s: Localized(
            gettext_noop("Tasks for %(title)s on %(day)s"), title=s.title, day=s.held_on.isoformat()
        ),
        body=lambda e, s: s.tasks,
        url=lambda e, s: _link("supervision", s.pk),
    ),
    Notice(
        kind="activities.research_forwarded",
        audience=gettext_lazy("the staff of the organ it is forwarded to (R25)"),
        recipients=lambda e, r: _unit_staff(_forward(e, r).organ),
        title=lambda e, r: Localized(
            gettext_noop("Research report for your study: %(title)s"), title=r.title
        ),
        body=lambda e, r: r.report[:500],
        url=lambda e, r: _link("unit_forward", _forward(e, r).pk),
    ),
    _feedback("activities.research_feedback"),
    _feedback("activities.research_unit_replied"),
    Notice(
        kind="activities.thread_replied",
        audience=gettext_lazy("the thread's author, when someone else replies"),
        recipients=lambda e, t: [t.author] if t.author_id != e.actor_id else [],
        title=lambda e, t: Localized(gettext_noop("New reply to %(title)s"), title=t.title),
        url=lambda e, t: _link("thread", t.pk),
    ),
)
