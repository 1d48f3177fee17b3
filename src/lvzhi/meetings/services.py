"""Every change of a meeting's state is one function here: permission, rule, rows in one
transaction, one timeline event (R01, R02)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import clock, events, uploads
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.events import Event
from lvzhi.core.http import DOCX
from lvzhi.core.models import User
from lvzhi.core.text import bounded_text, clean_text, one_line
from lvzhi.core.uploads import refuse_too_large
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import (
    HANDLING_UNIT_KINDS,
    Congress,
    Deputy,
    MembershipStatus,
    Organisation,
    Session,
)

from . import policies, rules
from .models import (
    AgendaItem,
    AgendaKind,
    Brief,
    CheckIn,
    CheckInMethod,
    Inquiry,
    LeaveRequest,
    LeaveStatus,
    Material,
    MaterialFile,
    MaterialRead,
    Meeting,
    MeetingKind,
    Notice,
    Participant,
    ParticipantRole,
    Sitting,
    Speech,
)
from .workflow import LEAVE


def _event(meeting: Meeting, actor: User | None, kind: str, **payload: Any) -> Event:
    """One event in the log through the kind's constructor (``meetings/events.py``)."""
    return events.constructors("meetings")[kind](meeting=meeting, actor=actor, **payload)


def _require_staff(actor: User | None, meeting: Meeting) -> None:
    if actor is not None and not policies.is_staff_for(actor, meeting):
        raise PermissionDenied(_("Only the staff running this meeting may do this."))


# ---- meetings, agenda, sittings ---------------------------------------------------------------


def meeting_create(
    *,
    actor: User | None,
    congress: Congress | int,
    kind: str,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    place: str = "",
    session: Session | int | None = None,
) -> Meeting:
    """A new meeting of a congress (given or by id, as a form chooses it). A congress session
    (R01) is linked to its registry session, once, and has the whole term as its members:
    the roll call is part of the creation (``session_roll_call``), in the same transaction."""
    if not isinstance(congress, Congress):
        found = Congress.objects.filter(pk=congress).first()
        if found is None:
            raise ValidationFailed(_("Choose the people's congress."), field="congress")
        congress = found
    if session is not None and not isinstance(session, Session):
        session = Session.objects.filter(pk=session).select_related("term").first()
    meeting = Meeting(
        kind=kind,
        congress=congress,
        session=session if kind == MeetingKind.SESSION else None,
        title=bounded_text(title, "title", _("The title"), 200),
        place=clean_text(place, 200),
        opens_at=opens_at,
        closes_at=closes_at,
        created_at=clock.now(),
    )
    _require_staff(actor, meeting)
    if closes_at < opens_at:
        raise ValidationFailed(_("A meeting cannot close before it opens."), field="closes_at")
    if kind == MeetingKind.SESSION:
        if session is None or session.term.congress_id != congress.pk:
            raise ValidationFailed(_("Choose the session of this congress."), field="session")
        if Meeting.objects.filter(session=session).exists():
            raise Conflict(_("This session already has its meeting."), field="session")
    with transaction.atomic():
        meeting.save()
        _event(meeting, actor, "created", title=meeting.title)
        if meeting.session is not None:
            _roll_call(meeting, actor)
    return meeting


def agenda_add(*, actor: User | None, meeting: Meeting, kind: str, title: str) -> AgendaItem:
    _require_staff(actor, meeting)
    if kind not in AgendaKind.values:
        raise ValidationFailed(_("Choose the kind of agenda item."), field="kind")
    title = bounded_text(title, "title", _("The title"), 200)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, kind=kind, title=title)
        _event(meeting, actor, "agenda_added", title=title)
    return item


def sitting_add(
    *, actor: User | None, meeting: Meeting, title: str, starts_at: dt.datetime
) -> Sitting:
    _require_staff(actor, meeting)
    title = bounded_text(title, "title", _("The title"), 200)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = Sitting.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
        sitting = Sitting.objects.create(
            meeting=meeting, number=last + 1, title=title, starts_at=starts_at
        )
        _event(meeting, actor, "sitting_added", title=title)
    return sitting


def participants_add(
    *,
    actor: User | None,
    meeting: Meeting,
    deputy_ids: Iterable[int],
    role: str = ParticipantRole.MEMBER,
    reason: str = "",
) -> int:
    """Call deputies to the meeting; a deputy already called keeps their row. Returns how many
    were added."""
    _require_staff(actor, meeting)
    with transaction.atomic():
        added = _call(meeting, deputy_ids, role, reason)
        _event(meeting, actor, "participants_added", count=added, role=role)
    return added


def _call(meeting: Meeting, deputy_ids: Iterable[int], role: str, reason: str = "") -> int:
    ids = sorted(set(deputy_ids))
    known = set(Deputy.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(known) != len(ids):
        raise NotFound(_("No such deputy."))
    before = Participant.objects.filter(meeting=meeting).count()
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, deputy_id=d, role=role, reason=reason[:300]) for d in ids],
        ignore_conflicts=True,
        batch_size=500,
    )
    return Participant.objects.filter(meeting=meeting).count() - before


def session_roll_call(*, actor: User | None, meeting: Meeting) -> int:
    """A congress session: every serving deputy of the term is a member with a vote (done by
    ``meeting_create``; again here, e.g. after the term's seats changed)."""
    if meeting.session is None:
        raise ValidationFailed(_("Only a congress session has the whole term as its members."))
    _require_staff(actor, meeting)
    with transaction.atomic():
        return _roll_call(meeting, actor)


def _roll_call(meeting: Meeting, actor: User | None) -> int:
    """The serving deputies of the session's term as members (inside the caller's
    transaction), and the one typed event of a roll call that added any."""
    assert meeting.session is not None
    ids = registry_selectors.deputies_serving_in(meeting.session.term_id).values_list(
        "pk", flat=True
    )
    added = _call(meeting, list(ids), ParticipantRole.MEMBER)
    if added:  # a roll call that adds nobody changes nothing: no event
        _event(meeting, actor, "roll_called", count=added)
    return added


# ---- R02 notice and materials -----------------------------------------------------------------


def notice_send(
    *, actor: User | None, meeting: Meeting, body: str, late_reason: str = ""
) -> Notice:
    """R02 (Art 4): the notice of a session reaches the deputies ≥15 days before the opening
    (R31, Art 57: a week for a Standing Committee meeting). A later notice is refused unless
    the office records why (the exception is kept)."""
    _require_staff(actor, meeting)
    body = bounded_text(body, "body", _("The text of the notice"), 5000)
    late_reason = clean_text(late_reason)
    if len(late_reason) > 500:
        raise ValidationFailed(
            _("The reason is too long (at most 500 characters)."), field="late_reason"
        )
    now = clock.now()
    days = rules.days_ahead(timezone.localdate(now), timezone.localdate(meeting.opens_at))
    minimum = rules.notice_days(meeting.kind == MeetingKind.SESSION)
    late = days < minimum
    if late and not late_reason:
        raise ValidationFailed(
            _(
                "The notice would reach the deputies only %(days)s days before the opening; "
                "the regulation asks for at least %(min)s days (%(article)s). Record the reason "
                "to send it anyway."
            )
            % {
                "days": days,
                "min": minimum,
                "article": _("Art 4") if meeting.kind == MeetingKind.SESSION else _("Art 57"),
            },
            field="late_reason",
        )
    with transaction.atomic():
        notice = Notice.objects.create(
            meeting=meeting,
            body=body,
            sent_at=now,
            days_ahead=days,
            is_late=late,
            late_reason=late_reason if late else "",
            sent_by=actor,
        )
        _event(meeting, actor, "notice_sent", days=days, late=late, reason=notice.late_reason)
    return notice


def material_publish(*, actor: User | None, meeting: Meeting, title: str, body: str) -> Material:
    _require_staff(actor, meeting)
    title = bounded_text(title, "title", _("The title"), 200)
    body = bounded_text(body, "body", _("The text"), 50000)
    with transaction.atomic():
        material = Material.objects.create(
            meeting=meeting, title=title, body=body, published_at=clock.now()
        )
        _event(meeting, actor, "material_published", title=title)
    return material


def material_file_kind(head: bytes, name: str, data: bytes) -> tuple[str, str] | None:
    """(content type, extension) by content, whatever the name says: PDF, Word .docx (a zip
    with Office parts) or the older Word .doc (an OLE compound file)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and name.lower().endswith(".doc"):
        return "application/msword", "doc"
    if head.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return (
                DOCX,
                "docx",
            )
    return None


def material_file_add(*, actor: User, material: Material, upload: Any) -> MaterialFile:
    """R02, R31: the staff attach a file (PDF or Word) to a material; a second upload is the
    next version, the earlier ones stay (issue 22)."""
    _require_staff(actor, material.meeting)
    if upload is None:
        raise ValidationFailed(_("Choose a file."), field="file")
    refuse_too_large(upload, rules.MATERIAL_FILE_MAX_BYTES, "file")
    data = upload.read()
    kind = material_file_kind(data[:8], str(upload.name), data)
    if kind is None:
        raise ValidationFailed(_("Upload a PDF or Word (.docx, .doc) file."), field="file")
    with transaction.atomic():
        m = Material.objects.select_for_update().get(pk=material.pk)
        last = MaterialFile.objects.filter(material=m).aggregate(n=Max("version"))["n"] or 0
        if last >= rules.MATERIAL_FILE_VERSIONS_MAX:
            raise ValidationFailed(
                _("At most %(n)d versions of a file.") % {"n": rules.MATERIAL_FILE_VERSIONS_MAX},
                field="file",
            )
        f = MaterialFile(material=m, version=last + 1)
        uploads.keep(f, upload, data, kind, actor, f"{m.pk}-v{last + 1}")
        _event(
            material.meeting,
            actor,
            "material_file_added",
            title=m.title,
            name=f.name,
            version=f.version,
        )
    return f


def material_read(*, actor: User, material: Material) -> bool:
    """A read receipt for the deputy opening the material; True the first time only."""
    d = policies.deputy_id(actor)
    if d is None or not Participant.objects.filter(meeting=material.meeting_id, deputy_id=d):
        return False
    with transaction.atomic():
        _row, created = MaterialRead.objects.get_or_create(
            material=material, deputy_id=d, defaults={"read_at": clock.now()}
        )
        if created:
            _event(material.meeting, actor, "material_read", title=material.title)
    return created


# ---- R01 registration, check-in, leave --------------------------------------------------------


def _participant(meeting: Meeting, deputy_id: int) -> Participant:
    p = Participant.objects.filter(meeting=meeting, deputy_id=deputy_id).first()
    if p is None:
        raise NotFound(_("This deputy is not called to this meeting."))
    return p


def _acting_deputy(actor: User, meeting: Meeting, deputy: Deputy | None) -> tuple[int, bool]:
    """(deputy id, by staff?) — a deputy acts for themselves, the staff for anyone called."""
    own = policies.deputy_id(actor)
    if deputy is None or deputy.pk == own:
        if own is None:
            raise PermissionDenied(_("Only a deputy can do this for themselves."))
        return own, False
    _require_staff(actor, meeting)
    return deputy.pk, True


def register(*, actor: User, meeting: Meeting, deputy: Deputy | None = None) -> Participant:
    """R01: registration (报到) on arrival; registering twice keeps the first time."""
    d, by_staff = _acting_deputy(actor, meeting, deputy)
    with transaction.atomic():
        p = _participant(meeting, d)
        p = Participant.objects.select_for_update().get(pk=p.pk)
        if p.registered_at is None:
            p.registered_at = clock.now()
            p.save(update_fields=["registered_at"])
            _event(meeting, actor, "registered", deputy=d, by_staff=by_staff)
    return p


def check_in(*, actor: User, sitting: Sitting, deputy: Deputy | None = None) -> CheckIn:
    """R01: the deputy is present at the sitting (on a phone, or at the staff desk). Checking
    in twice keeps the first record."""
    meeting = sitting.meeting
    d, by_staff = _acting_deputy(actor, meeting, deputy)
    _participant(meeting, d)
    day = timezone.localdate(sitting.starts_at)
    if not rules.check_in_open(day, clock.today()):
        raise ValidationFailed(
            _("Check-in to this sitting is open on the day of the sitting (%(day)s) only.")
            % {"day": day.isoformat()}
        )
    try:
        with transaction.atomic():
            row = CheckIn.objects.create(
                sitting=sitting,
                deputy_id=d,
                at=clock.now(),
                method=CheckInMethod.DESK if by_staff else CheckInMethod.PHONE,
                recorded_by=actor,
            )
            _event(meeting, actor, "checked_in", deputy=d, sitting=sitting.number)
    except IntegrityError:
        return CheckIn.objects.get(sitting=sitting, deputy_id=d)
    return row


def leave_request(
    *,
    actor: User,
    meeting: Meeting,
    reason: str,
    sitting: Sitting | None = None,
    deputy: Deputy | None = None,
) -> LeaveRequest:
    """R01 (Art 3): a deputy asks for leave with a reason (or the delegation's staff enter the
    request the deputy made by phone); the delegation decides."""
    own = policies.deputy_id(actor)
    if deputy is not None and deputy.pk != own:
        if not policies.can_decide_leave(actor, deputy):
            raise PermissionDenied(_("Only the deputy's delegation can enter leave for them."))
        d = deputy.pk
    elif own is None:
        raise PermissionDenied(_("Only a deputy can ask for leave."))
    else:
        d = own
    _participant(meeting, d)
    if sitting is not None and sitting.meeting_id != meeting.pk:
        raise NotFound(_("No such sitting."))
    reason = bounded_text(reason, "reason", _("The reason"), 500)
    if LeaveRequest.objects.filter(
        meeting=meeting, deputy_id=d, sitting=sitting, status=LeaveStatus.PENDING
    ).exists():
        raise Conflict(_("You have already asked for this leave; wait for the decision."))
    with transaction.atomic():
        leave = LeaveRequest.objects.create(
            meeting=meeting, sitting=sitting, deputy_id=d, reason=reason, requested_at=clock.now()
        )
        _event(meeting, actor, "leave_requested", deputy=d)
    return leave


def leave_decide(*, actor: User, leave: LeaveRequest, approve: bool) -> LeaveRequest:
    with transaction.atomic():
        leave = (
            LeaveRequest.objects.select_for_update(of=("self",))
            .select_related("deputy", "meeting")
            .get(pk=leave.pk)
        )
        if not policies.can_decide_leave(actor, leave.deputy):
            raise PermissionDenied(_("Only the deputy's delegation decides on this leave."))
        LEAVE.apply("approve" if approve else "refuse", leave)
        leave.decided_at = clock.now()
        leave.decided_by = actor
        leave.save(update_fields=["status", "decided_at", "decided_by"])
        _event(leave.meeting, actor, "leave_decided", deputy=leave.deputy_id, status=leave.status)
    return leave


# ---- R04-R05 deliberation: speeches, briefs, inquiries -----------------------------------------


def speech_record(
    *,
    actor: User | None,
    meeting: Meeting,
    deputy: Deputy,
    text: str,
    sitting: Sitting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Speech:
    """R04 (Art 6): the staff record a deputy's deliberation speech; deputies attending without
    a vote are heard too (R31). It enters the deputy's duty archive (R03)."""
    _require_staff(actor, meeting)
    _participant(meeting, deputy.pk)
    if sitting is not None and sitting.meeting_id != meeting.pk:
        raise NotFound(_("No such sitting."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise NotFound(_("No such agenda item."))
    text = bounded_text(text, "text", _("The speech"), 20000)
    with transaction.atomic():
        speech = Speech.objects.create(
            meeting=meeting,
            sitting=sitting,
            agenda_item=agenda_item,
            deputy=deputy,
            text=text,
            recorded_at=clock.now(),
            recorded_by=actor,
        )
        _event(meeting, actor, "speech_recorded", deputy=deputy.pk)
    return speech


def brief_publish(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    speech_ids: Iterable[int],
    summary: str = "",
) -> Brief:
    """R05 (Art 12): a brief quoting speeches of this meeting, numbered in order."""
    _require_staff(actor, meeting)
    title = bounded_text(title, "title", _("The title"), 200)
    summary = clean_text(summary, 5000)
    ids = sorted(set(speech_ids))
    if not ids:
        raise ValidationFailed(_("Choose the speeches the brief quotes."), field="speeches")
    speeches = list(Speech.objects.filter(meeting=meeting, pk__in=ids))
    if len(speeches) != len(ids):
        raise NotFound(_("No such speech."))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = Brief.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
        brief = Brief.objects.create(
            meeting=meeting, number=last + 1, title=title, summary=summary, published_at=clock.now()
        )
        brief.speeches.set(speeches)
        _event(meeting, actor, "brief_published", number=brief.number, speeches=len(speeches))
    return brief


def inquiry_record(
    *, actor: User | None, meeting: Meeting, deputy: Deputy, organ: Organisation, question: str
) -> Inquiry:
    """R04 (Art 6, 11): a deputy's inquiry to an organ, recorded to be answered on the spot."""
    _require_staff(actor, meeting)
    _participant(meeting, deputy.pk)
    if organ.kind not in HANDLING_UNIT_KINDS:
        raise ValidationFailed(_("Choose a state organ to ask."), field="organ")
    question = bounded_text(question, "question", _("The question"), 5000)
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            meeting=meeting, deputy=deputy, organ=organ, question=question, asked_at=clock.now()
        )
        _event(meeting, actor, "inquiry_recorded", deputy=deputy.pk, organ=organ.pk)
    return inquiry


def inquiry_answer(
    *, actor: User | None, inquiry: Inquiry, answer: str, answered_by: str
) -> Inquiry:
    """R04 (Art 11): the organ's answer, recorded once."""
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=inquiry.pk)
        )
        _require_staff(actor, inquiry.meeting)
        if inquiry.answered_at is not None:
            raise Conflict(_("This inquiry has already been answered."))
        inquiry.answer = bounded_text(answer, "answer", _("The answer"), 10000)
        inquiry.answered_by = bounded_text(answered_by, "answered_by", _("Who answered"), 100)
        inquiry.answered_at = clock.now()
        inquiry.save(update_fields=["answer", "answered_by", "answered_at"])
        _event(inquiry.meeting, actor, "inquiry_answered", inquiry=inquiry.pk)
    return inquiry


# ---- R30-R31 deputies attending a Standing Committee meeting without a vote ---------------------


def attendees_fix(
    *,
    actor: User | None,
    meeting: Meeting,
    invitations: dict[int, str],
    late_reason: str = "",
) -> int:
    """R31 (Art 57): fix the list of deputies attending without a vote (deputy id → reason for
    the invitation) at least 10 days before the meeting; later only with a recorded reason.
    The list is fixed once. Returns the number of deputies invited."""
    _require_staff(actor, meeting)
    if meeting.kind != MeetingKind.STANDING_COMMITTEE:
        raise ValidationFailed(_("Only a Standing Committee meeting has deputies attending."))
    if Meeting.objects.filter(pk=meeting.pk, attendees_fixed_at__isnull=False).exists():
        raise Conflict(_("The list of attending deputies has already been fixed."))
    if not invitations:
        raise ValidationFailed(_("Choose the deputies to invite."), field="deputies")
    if len(invitations) > rules.ATTENDEES_LIST_MAX:
        raise ValidationFailed(
            _("A list can invite at most %(max)s deputies; %(n)s were chosen.")
            % {"max": rules.ATTENDEES_LIST_MAX, "n": len(invitations)},
            field="deputies",
        )
    # R30: any serving deputy of the congress's current term, proposed by the planner or not.
    serving = set(
        Deputy.objects.filter(
            pk__in=list(invitations),
            memberships__term__congress_id=meeting.congress_id,
            memberships__term__is_current=True,
            memberships__status=MembershipStatus.SERVING,
        ).values_list("pk", flat=True)
    )
    if serving != set(invitations):
        raise ValidationFailed(
            _("Only serving deputies of this congress's current term can attend."),
            field="deputies",
        )
    late_reason = clean_text(late_reason)
    if len(late_reason) > rules.LATE_REASON_MAX_LENGTH:
        raise ValidationFailed(
            _("The reason is too long: at most %(max)s characters (it has %(n)s).")
            % {"max": rules.LATE_REASON_MAX_LENGTH, "n": len(late_reason)},
            field="late_reason",
        )
    days = rules.days_ahead(clock.today(), timezone.localdate(meeting.opens_at))
    late = rules.attendee_list_is_late(clock.today(), timezone.localdate(meeting.opens_at))
    if late and not late_reason:
        raise ValidationFailed(
            _(
                "The list would be fixed only %(days)s days before the meeting; the regulation "
                "asks for at least %(min)s days (Art 57). Record the reason to fix it anyway."
            )
            % {"days": days, "min": rules.SC_LIST_DAYS_BEFORE},
            field="late_reason",
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.attendees_fixed_at is not None:
            raise Conflict(_("The list of attending deputies has already been fixed."))
        added = participants_add(
            actor=actor,
            meeting=meeting,
            deputy_ids=list(invitations),
            role=ParticipantRole.NON_VOTING,
        )
        for deputy_id, reason in invitations.items():
            Participant.objects.filter(
                meeting=meeting, deputy_id=deputy_id, role=ParticipantRole.NON_VOTING
            ).update(reason=one_line(reason, rules.INVITATION_REASON_MAX_LENGTH))
        locked.attendees_fixed_at = clock.now()
        locked.attendees_late_reason = late_reason if late else ""
        locked.save(update_fields=["attendees_fixed_at", "attendees_late_reason"])
        meeting.attendees_fixed_at = locked.attendees_fixed_at
        _event(
            meeting,
            actor,
            "attendees_fixed",
            count=added,
            days=days,
            late=late,
            deputies=sorted(invitations),
        )
    return added
