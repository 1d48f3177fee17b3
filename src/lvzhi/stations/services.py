"""Every change at a station is one function here: permission, rule, rows in one transaction,
one timeline event, notifications (SPEC section 7, R40-R44)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core import audit, clock, crypto, events
from lvzhi.core.cache import throttle
from lvzhi.core.context import current_request
from lvzhi.core.errors import (
    DomainError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lvzhi.core.i18n import Localized
from lvzhi.core.models import User
from lvzhi.core.notifications import notify
from lvzhi.core.personal import mask_phone, validate_phone
from lvzhi.core.text import bounded_text, clean_text
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, OrgKind, Term
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.models import Category as SuggestionCategory
from lvzhi.suggestions.models import Suggestion

from . import notices, policies, rules, workflow
from .models import (
    Activity,
    ActivityKind,
    Category,
    Channel,
    Evaluation,
    MatterLevel,
    Opinion,
    OpinionAssignee,
    Outcome,
    ReceptionDay,
    StandardCheck,
    StandardItem,
    Station,
    StationDeputy,
    Status,
)


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


# The workflow of an opinion is data (workflow.OPINION); one service per step.

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
CODE_LENGTH = 10


_move = workflow.OPINION.apply


def _event(o: Opinion, actor: User | None, kind: str, **payload: Any) -> None:
    """One event in the log through the kind's constructor (``stations/events.py``)."""
    events.constructors("stations")[kind](opinion=o, actor=actor, **payload)


def _locked(o: Opinion) -> Opinion:
    return (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("station__organisation")
        .get(pk=o.pk)
    )


# ---- stations (R40, R44) -------------------------------------------------------------------


@dataclass
class StationData:
    address: str = ""
    opening_hours: str = ""
    public_phone: str = ""


def _station_data(data: StationData) -> StationData:
    return StationData(
        address=bounded_text(data.address, field="address", label=_("Address"), max_length=200),
        opening_hours=bounded_text(
            data.opening_hours, field="opening_hours", label=_("Opening hours"), max_length=200
        ),
        public_phone=bounded_text(
            data.public_phone,
            field="public_phone",
            label=_("Public telephone"),
            max_length=32,
            required=False,
        ),
    )


@transaction.atomic
def station_create(*, actor: User | None, organisation: Organisation, data: StationData) -> Station:
    """R40: give a station organisation its public profile; the level follows its division.
    Administrators and the office (the seeder passes actor=None)."""
    if actor is not None and not policies.can_set_up_stations(actor):
        raise PermissionDenied(_("Only administrators and the office set up stations."))
    if organisation.kind != OrgKind.STATION:
        raise ValidationFailed(_("This organisation is not a liaison station."))
    if organisation.division is None:
        raise ValidationFailed(_("A station must be tied to an administrative division."))
    clean = _station_data(data)
    if Station.objects.filter(organisation=organisation).exists():
        raise ValidationFailed(_("This station already has its profile."))
    station = Station.objects.create(
        organisation=organisation,
        level=rules.station_level_for(organisation.division.level),
        address=clean.address,
        opening_hours=clean.opening_hours,
        public_phone=clean.public_phone,
        created_at=clock.now(),
    )
    audit.record(actor=actor, action="station.created", obj=station, after=vars(clean))
    return station


@transaction.atomic
def station_update(*, actor: User, station: Station, data: StationData) -> Station:
    if not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    clean = _station_data(data)
    before = audit.snapshot(station, ["address", "opening_hours", "public_phone"])
    station.address, station.opening_hours = clean.address, clean.opening_hours
    station.public_phone = clean.public_phone
    station.save(update_fields=["address", "opening_hours", "public_phone"])
    old, new = audit.diff(before, vars(clean))
    audit.record(actor=actor, action="station.updated", obj=station, before=old, after=new)
    return station


@transaction.atomic
def station_deputy_add(
    *, actor: User | None, station: Station, deputy: Deputy, since: dt.date | None = None
) -> StationDeputy:
    """Art 79: deputies of every level enter the station (进站)."""
    if actor is not None and not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    if StationDeputy.objects.filter(station=station, deputy=deputy).exists():
        raise ValidationFailed(_("This deputy already enters the station."), field="deputy")
    entry = StationDeputy.objects.create(
        station=station, deputy=deputy, since=since or clock.today()
    )
    audit.record(
        actor=actor, action="station.deputy_added", obj=station, after={"deputy": str(deputy)}
    )
    return entry


@transaction.atomic
def station_deputy_remove(*, actor: User, entry: StationDeputy) -> None:
    if not policies.can_manage_station(actor, entry.station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    audit.record(
        actor=actor,
        action="station.deputy_removed",
        obj=entry.station,
        before={"deputy": str(entry.deputy)},
    )
    entry.delete()


@transaction.atomic
def reception_day_schedule(
    *,
    actor: User | None,
    station: Station,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    deputies: Sequence[Deputy],
    topic: str = "",
) -> ReceptionDay:
    """Put a reception day on the station's rota, with the deputies present."""
    if actor is not None and not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    if ends_at <= starts_at:
        raise ValidationFailed(_("The reception must end after it starts."), field="ends_at")
    if not deputies:
        raise ValidationFailed(_("Choose at least one deputy."), field="deputies")
    entering = set(
        StationDeputy.objects.filter(station=station).values_list("deputy_id", flat=True)
    )
    if any(d.pk not in entering for d in deputies):
        raise ValidationFailed(
            _("Only deputies who enter this station can receive citizens here."), field="deputies"
        )
    topic = bounded_text(topic, field="topic", label=_("Topic"), max_length=100, required=False)
    if ReceptionDay.objects.filter(station=station, day=day, starts_at=starts_at).exists():
        raise ValidationFailed(_("A reception is already planned at that time."), field="day")
    rd = ReceptionDay.objects.create(
        station=station, day=day, starts_at=starts_at, ends_at=ends_at, topic=topic
    )
    rd.deputies.set(deputies)
    audit.record(
        actor=actor,
        action="station.reception_scheduled",
        obj=station,
        after={"day": day.isoformat(), "deputies": [str(d) for d in deputies]},
    )
    return rd


# ---- the "十有" standard and the activity ledger (R41) ---------------------------------------


@transaction.atomic
def standard_check_record(
    *,
    actor: User | None,
    station: Station,
    item: str,
    met: bool,
    evidence: str = "",
    upload: Any = None,
) -> StandardCheck:
    """R41: record one item of the 十有 checklist; an item is met only with evidence (a text,
    a photo or a file)."""
    if actor is not None and not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    if item not in StandardItem.values:
        raise ValidationFailed(_("Unknown item of the standard."), field="item")
    evidence = bounded_text(
        evidence, field="evidence", label=_("Evidence"), max_length=rules.NOTE_MAX, required=False
    )
    kind: tuple[str, str] | None = None
    if upload is not None:
        if upload.size > rules.MAX_EVIDENCE_BYTES:
            raise ValidationFailed(_("The file is too large (at most 10 MB)."), field="upload")
        head = upload.read(8)
        upload.seek(0)
        kind = suggestion_services.attachment_kind(head, upload.name or "")
        if kind is None:
            raise ValidationFailed(
                _("Only PDF, Word, Excel, JPEG or PNG files are accepted."), field="upload"
            )
    check = StandardCheck.objects.select_for_update().filter(station=station, item=item).first()
    has_file = bool(check and check.evidence_file) or upload is not None
    if met and not evidence and not has_file:
        raise ValidationFailed(
            _("An item counts as met only with its evidence: describe it or attach a file."),
            field="evidence",
        )
    if check is None:
        check = StandardCheck(station=station, item=item, checked_on=clock.today())
    check.met, check.evidence = met, evidence
    check.checked_on, check.checked_by = clock.today(), actor
    if upload is not None and kind is not None:
        check.evidence_file.save(f"{station.pk}-{item}.{kind[1]}", upload, save=False)
        check.evidence_type = kind[0]
    check.save()
    audit.record(
        actor=actor,
        action="station.standard_checked",
        obj=station,
        after={"item": item, "met": met},
    )
    return check


@transaction.atomic
def activity_record(
    *,
    actor: User | None,
    station: Station,
    kind: str,
    held_on: dt.date,
    title: str,
    deputies: Sequence[Deputy],
    summary: str = "",
    participants: int = 0,
    evaluation: str = "",
) -> Activity:
    """Write one line of the station's ledger (台账). A deputy's report to the voters (述职,
    R53, Art 59.4, 60) records the voters' evaluation, which reaches the deputies' duty archive
    and evaluation; deputies with leading posts are counted for R41."""
    if actor is not None and not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may change it."))
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Choose the kind of activity."), field="kind")
    if held_on > clock.today():
        raise ValidationFailed(_("The ledger records activities already held."), field="held_on")
    title = bounded_text(title, field="title", label=_("Title"), max_length=100)
    summary = bounded_text(
        summary, field="summary", label=_("Summary"), max_length=rules.NOTE_MAX, required=False
    )
    if not deputies:
        raise ValidationFailed(_("Choose at least one deputy."), field="deputies")
    if participants < 0 or participants > 100000:
        raise ValidationFailed(_("Enter a plausible number of citizens."), field="participants")
    if kind == ActivityKind.REPORT:
        if evaluation not in Evaluation.values:
            raise ValidationFailed(
                _("Record the voters' evaluation of the report."), field="evaluation"
            )
    else:
        evaluation = ""
    a = Activity.objects.create(
        station=station,
        kind=kind,
        held_on=held_on,
        title=title,
        summary=summary,
        participants=participants,
        evaluation=evaluation,
        recorded_at=clock.now(),
        recorded_by=actor,
    )
    a.deputies.set(deputies)
    audit.record(
        actor=actor,
        action="station.activity_recorded",
        obj=station,
        after={"kind": kind, "held_on": held_on.isoformat(), "title": title},
    )
    return a


# ---- citizens' opinions: intake (R42, R44) -------------------------------------------------


@dataclass
class OpinionData:
    name: str
    phone: str
    category: str
    title: str
    body: str

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> OpinionData:
        """The opinion's own fields out of a form's cleaned data (which holds more)."""
        return cls(**{f.name: values[f.name] for f in fields(cls)})


def _clean_opinion(data: OpinionData) -> tuple[str, str, str, str, str]:
    name = bounded_text(data.name, field="name", label=_("Name"), max_length=rules.NAME_MAX)
    raw_phone = clean_text(data.phone)
    if not raw_phone:
        raise ValidationFailed(_("%(field)s is required.") % {"field": _("Phone")}, field="phone")
    try:
        phone = validate_phone(raw_phone[:40])
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="phone") from None
    if data.category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    title = " ".join(
        bounded_text(
            data.title, field="title", label=_("Subject"), max_length=rules.TITLE_MAX
        ).split()
    )
    body = bounded_text(data.body, field="body", label=_("Opinion"), max_length=rules.BODY_MAX)
    if len(body) < rules.BODY_MIN:
        raise ValidationFailed(
            _("Please describe the matter in at least %(n)d characters.") % {"n": rules.BODY_MIN},
            field="body",
        )
    return name, phone, data.category, title, body


def mask_name(name: str) -> str:
    """张三丰 → 张**; a single character stays hidden too."""
    return (name[:1] + "*" * max(len(name) - 1, 1))[: rules.NAME_MAX]


def _new_code(rng: random.Random | None) -> str:
    pick = rng.choice if rng is not None else secrets.choice
    return "".join(pick(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _create_opinion(
    *,
    station: Station,
    deputy: Deputy | None,
    data: OpinionData,
    channel: str,
    actor: User | None,
    rng: random.Random | None,
) -> Opinion:
    name, phone, category, title, body = _clean_opinion(data)
    if (
        deputy is not None
        and not StationDeputy.objects.filter(station=station, deputy=deputy).exists()
    ):
        raise ValidationFailed(_("This deputy does not receive opinions at this station."))
    now = clock.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                o = Opinion.objects.create(
                    station=station,
                    addressed_to=deputy,
                    tracking_code=_new_code(rng),
                    channel=channel,
                    category=category,
                    title=title,
                    body=body,
                    citizen_name_encrypted=crypto.encrypt(name),
                    citizen_name_masked=mask_name(name),
                    phone_encrypted=crypto.encrypt(phone),
                    phone_hash=crypto.lookup_hash(phone),
                    phone_masked=mask_phone(phone),
                    received_at=now,
                    due_on=rules.assign_due(clock.today()),
                    recorded_by=actor,
                )
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:  # pragma: no cover - 32^10 codes
        raise DomainError(_("Please try again."))
    _event(o, actor, "received", channel=channel)
    return o


@transaction.atomic
def opinion_submit(
    *,
    station: Station,
    data: OpinionData,
    deputy: Deputy | None = None,
    rng: random.Random | None = None,
) -> Opinion:
    """A citizen sends an opinion online to a station or to a deputy entering it (R44, Art 85),
    without an account. Bounded per client address (public forms resist abuse)."""
    # Only requests from the web are counted (the seeder and the command line have no address).
    address = current_request.get().ip
    if address is not None and not throttle(
        f"stations:submit:{address}",
        rules.ONLINE_SUBMISSIONS_PER_WINDOW,
        rules.ONLINE_WINDOW_SECONDS,
    ):
        raise RateLimited(
            _(
                "Too many opinions were sent from your network in the last hour. "
                "Please try again later, or visit or call the station."
            )
        )
    return _create_opinion(
        station=station, deputy=deputy, data=data, channel=Channel.ONLINE, actor=None, rng=rng
    )


@transaction.atomic
def opinion_record(
    *,
    actor: User,
    station: Station,
    data: OpinionData,
    deputy: Deputy | None = None,
    rng: random.Random | None = None,
) -> Opinion:
    """Station staff record an opinion a citizen brought in person or by phone."""
    if not policies.can_manage_station(actor, station):
        raise PermissionDenied(_("Only the staff of this station may record opinions here."))
    return _create_opinion(
        station=station, deputy=deputy, data=data, channel=Channel.ON_SITE, actor=actor, rng=rng
    )


def track_allowed() -> bool:
    """Look-ups of tracking codes are bounded per address, so codes cannot be guessed."""
    address = current_request.get().ip or "unknown"
    return throttle(
        f"stations:track:{address}", rules.TRACK_LOOKUPS_PER_WINDOW, rules.ONLINE_WINDOW_SECONDS
    )


# ---- citizens' opinions: handling (R42) ----------------------------------------------------


@transaction.atomic
def opinion_assign(
    *, actor: User, opinion: Opinion, deputies: Sequence[Deputy], matter_level: str
) -> Opinion:
    """Station staff triage the opinion by level (R42) and give it to deputies entering the
    station."""
    o = _locked(opinion)
    if not policies.can_triage(actor, o):
        raise NotFound(_("Opinion not found."))
    if matter_level not in (MatterLevel.LOCAL, MatterLevel.HIGHER):
        if matter_level == MatterLevel.PERSONAL:
            raise ValidationFailed(
                _(
                    "A personal litigation or petition matter is not given to deputies: "
                    "redirect it to the petition office or the courts with an explanation."
                ),
                field="matter_level",
            )
        raise ValidationFailed(_("Choose the level of the matter."), field="matter_level")
    if not deputies:
        raise ValidationFailed(_("Choose at least one deputy."), field="deputies")
    entering = set(
        StationDeputy.objects.filter(station_id=o.station_id).values_list("deputy_id", flat=True)
    )
    if any(d.pk not in entering for d in deputies):
        raise ValidationFailed(
            _("Only deputies who enter this station can handle its opinions."), field="deputies"
        )
    _move("assign", o)
    now = clock.now()
    o.matter_level = matter_level
    o.assigned_at = now
    o.due_on = rules.handle_due(clock.today())
    o.save(update_fields=["status", "matter_level", "assigned_at", "due_on"])
    OpinionAssignee.objects.bulk_create(
        [OpinionAssignee(opinion=o, deputy=d, assigned_at=now) for d in deputies],
        ignore_conflicts=True,
    )
    _event(
        o,
        actor,
        "assigned",
        matter_level=matter_level,
        deputies=[d.name for d in deputies],
    )
    return o


@transaction.atomic
def opinion_redirect(*, actor: User, opinion: Opinion, explanation: str) -> Opinion:
    """R42 (Art 83): a personal litigation or petition matter is redirected to the petition
    office or the courts, with an explanation for the citizen."""
    o = _locked(opinion)
    if not policies.can_triage(actor, o):
        raise NotFound(_("Opinion not found."))
    if o.status != Status.RECEIVED:
        # Redirecting is a triage step: once deputies have the opinion, they deal with it.
        raise IllegalTransition(
            _("Only an opinion not yet triaged can be redirected; this one is “%(status)s”.")
            % {"status": Status(o.status).label}
        )
    explanation = bounded_text(
        explanation, field="note", label=_("Explanation"), max_length=rules.NOTE_MAX
    )
    _move("redirect", o)
    o.matter_level = MatterLevel.PERSONAL
    o.outcome = Outcome.REDIRECTED
    o.outcome_note = explanation
    o.handled_at = clock.now()
    o.due_on = rules.answer_due(clock.today())
    o.save(
        update_fields=["status", "matter_level", "outcome", "outcome_note", "handled_at", "due_on"]
    )
    _event(o, actor, "handled", outcome=Outcome.REDIRECTED)
    return o


@transaction.atomic
def opinion_handle(
    *, actor: User, opinion: Opinion, outcome: str, note: str, transferred_to: str = ""
) -> Opinion:
    """A deputy the opinion is assigned to deals with it, as its level allows (R42)."""
    o = _locked(opinion)
    if not policies.can_view(actor, o):
        raise NotFound(_("Opinion not found."))
    if not policies.can_handle(actor, o):
        raise PermissionDenied(_("Only the deputies the opinion is assigned to handle it."))
    if outcome == Outcome.SUGGESTION:
        raise ValidationFailed(_("Use “Turn into a suggestion” for this."), field="outcome")
    if outcome not in Outcome.values or outcome == Outcome.REDIRECTED:
        raise ValidationFailed(_("Choose how the opinion was dealt with."), field="outcome")
    if o.status == Status.ASSIGNED and not rules.outcome_allowed(o.matter_level, outcome):
        raise ValidationFailed(
            _("“%(outcome)s” is not the way to deal with %(level)s.")
            % {
                "outcome": Outcome(outcome).label,
                "level": MatterLevel(o.matter_level).label.lower(),
            },
            field="outcome",
        )
    note = bounded_text(
        note,
        field="note",
        label=_("Answer or explanation"),
        max_length=rules.NOTE_MAX,
        required=outcome in rules.EXPLAINED_OUTCOMES,
    )
    unit = bounded_text(
        transferred_to,
        field="transferred_to",
        label=_("Unit"),
        max_length=100,
        required=outcome in rules.UNIT_OUTCOMES,
    )
    _move("handle", o)
    o.outcome, o.outcome_note = outcome, note
    o.transferred_to = unit if outcome in rules.UNIT_OUTCOMES else ""
    o.handled_at = clock.now()
    o.due_on = rules.answer_due(clock.today())
    o.save(
        update_fields=[
            "status",
            "outcome",
            "outcome_note",
            "transferred_to",
            "handled_at",
            "due_on",
        ]
    )
    _event(o, actor, "handled", outcome=outcome, unit=o.transferred_to)
    return o


@transaction.atomic
def opinion_to_suggestion(*, actor: User, opinion: Opinion, term: Term | None = None) -> Suggestion:
    """A deputy turns the opinion into a draft suggestion (R42), keeping the link both ways
    (the draft names the opinion's tracking code, never the citizen)."""
    o = _locked(opinion)
    if not policies.can_view(actor, o):
        raise NotFound(_("Opinion not found."))
    if not policies.can_handle(actor, o):
        raise PermissionDenied(_("Only the deputies the opinion is assigned to handle it."))
    if o.status == Status.ASSIGNED and not rules.outcome_allowed(
        o.matter_level, Outcome.SUGGESTION
    ):
        raise ValidationFailed(_("This matter cannot become a suggestion."))
    _move("to_suggestion", o)
    d = policies.deputy_id(actor)
    if term is None:
        term = registry_selectors.current_terms_of_deputy(d or 0).first()
        if term is None:
            raise ValidationFailed(_("You hold no serving seat in a current congress term."))
    category = o.category if o.category in SuggestionCategory.values else SuggestionCategory.OTHER
    body = "\n\n".join(
        [
            o.body,
            _("From a citizen's opinion received at %(station)s (tracking code %(code)s).")
            % {"station": o.station.organisation.name, "code": o.tracking_code},
        ]
    )
    s = suggestion_services.draft_create(
        actor=actor, term=term, session=None, title=o.title, body=body, category=category
    )
    o.outcome = Outcome.SUGGESTION
    o.outcome_note = _("Raised as a suggestion to the people's congress.")
    o.suggestion = s
    o.handled_at = clock.now()
    o.due_on = rules.answer_due(clock.today())
    o.save(
        update_fields=["status", "outcome", "outcome_note", "suggestion", "handled_at", "due_on"]
    )
    _event(o, actor, "handled", outcome=Outcome.SUGGESTION, suggestion=s.pk)
    return s


@transaction.atomic
def opinion_answer(*, actor: User, opinion: Opinion, feedback: str) -> Opinion:
    """Every opinion gets an answer (件件有回音, R42): what the citizen was told, and how."""
    o = _locked(opinion)
    if not policies.can_view(actor, o):
        raise NotFound(_("Opinion not found."))
    if not policies.can_answer_citizen(actor, o):
        raise PermissionDenied(_("Only the station staff or the deputies handling it answer."))
    feedback = bounded_text(
        feedback, field="feedback", label=_("Answer to the citizen"), max_length=rules.NOTE_MAX
    )
    _move("answer", o)
    o.feedback = feedback
    o.answered_at = clock.now()
    o.due_on = None
    o.save(update_fields=["status", "feedback", "answered_at", "due_on"])
    _event(o, actor, "answered")
    return o


@transaction.atomic
def opinion_close(*, actor: User, opinion: Opinion) -> Opinion:
    o = _locked(opinion)
    if not policies.can_triage(actor, o):
        raise NotFound(_("Opinion not found."))
    _move("close", o)
    o.closed_at = clock.now()
    o.save(update_fields=["status", "closed_at"])
    _event(o, actor, "closed")
    return o


def opinion_contact_reveal(*, actor: User, opinion: Opinion) -> tuple[str, str]:
    """The citizen's full name and phone number for those handling the opinion; every access
    is written to the audit log."""
    if not policies.can_reveal_contact(actor, opinion):
        raise NotFound(_("Opinion not found."))
    name = crypto.decrypt(opinion.citizen_name_encrypted)
    phone = crypto.decrypt(opinion.phone_encrypted)
    audit.record(
        actor=actor,
        action="opinion.contact_revealed",
        obj=opinion,
        object_label=opinion.tracking_code,
        after={"fields": ["name", "phone"]},
    )
    return name, phone


def overdue_remind() -> int:
    """Remind the station staff and the deputies of every opinion past its step's due date
    (R42: every opinion gets an answer). Idempotent per opinion, step and day."""
    today = clock.today()
    sent = 0
    for o in (
        Opinion.objects.filter(due_on__lt=today)
        .exclude(status=Status.CLOSED)
        .select_related("station__organisation")
    ):
        users = list(notices.staff_users(o))
        if o.status == Status.ASSIGNED:
            users += notices.deputy_users(o)
        sent += notify(
            users=users,
            title=Localized(
                gettext_noop("Overdue citizen's opinion %(code)s: %(title)s"),
                code=o.tracking_code,
                title=o.title,
            ),
            url=notices.url(o),
            key=f"opinion-overdue:{o.pk}:{o.status}:{today.isoformat()}",
        )
    return sent
