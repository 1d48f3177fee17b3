"""Demo polls, through the services: at the last sitting of the demo session, three named
votes and one election counted (most demo deputies have no account, so the counts are entered
as the vote-counting staff record them); at today's Standing Committee meeting one bill ready
to be put to the vote live."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.models import User
from lvzhi.meetings.models import AgendaKind, Meeting, MeetingKind, Sitting

from . import services
from .models import PollKind, Subject


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    progress("polls", 0, 0)
    secretariat = User.objects.get(username="secretariat")
    session = (
        Meeting.objects.filter(kind=MeetingKind.SESSION, session__isnull=False)
        .order_by("-opens_at")
        .first()
    )
    if session is not None:
        _session_polls(session, secretariat, rng)
    sc = Meeting.objects.filter(kind=MeetingKind.STANDING_COMMITTEE).order_by("-opens_at").first()
    if sc is not None:
        sitting = Sitting.objects.filter(meeting=sc).order_by("number").first()
        bill = sc.agenda.filter(kind=AgendaKind.BILL).first()
        if sitting is not None:
            services.poll_create(
                actor=User.objects.get(username="office"),
                sitting=sitting,
                agenda_item=bill,
                kind=PollKind.NAMED,
                subject=Subject.BILL,
                title="表决《伊犁哈萨克自治州草原生态保护条例（草案）》",
            )
            # A poll that opens and closes by itself (the scheduler, `lvzhi voting_schedule`).
            opens = sitting.starts_at + dt.timedelta(hours=2)
            services.poll_create(
                actor=User.objects.get(username="office"),
                sitting=sitting,
                kind=PollKind.NAMED,
                subject=Subject.RESOLUTION,
                title="表决关于批准自治州本级决算的决议（定时）",
                open_at=opens,
                close_at=opens + dt.timedelta(minutes=20),
            )


def _session_polls(meeting: Meeting, staff: User, rng: random.Random) -> None:
    sitting = Sitting.objects.filter(meeting=meeting).order_by("-number").first()
    if sitting is None:
        return
    agenda = {a.kind: a for a in meeting.agenda.all()}
    with clock.frozen(sitting.starts_at + dt.timedelta(hours=1)):
        for subject, title in (
            (Subject.REPORT, "关于自治州人民政府工作报告的决议"),
            (Subject.BILL, "《伊犁哈萨克自治州城乡清洁条例》"),
            (Subject.RESOLUTION, "关于自治州人大常委会工作报告的决议"),
        ):
            poll = services.poll_create(
                actor=staff,
                sitting=sitting,
                agenda_item=agenda.get(
                    AgendaKind.BILL if subject == Subject.BILL else AgendaKind.DECISION
                ),
                kind=PollKind.NAMED,
                subject=subject,
                title=title,
            )
            poll = services.poll_open(actor=staff, poll=poll)
            no = rng.randint(0, max(1, poll.present // 30))
            abstain = rng.randint(0, max(1, poll.present // 25))
            yes = poll.present - no - abstain - rng.randint(0, 2)
            poll = services.poll_record_count(
                actor=staff, poll=poll, yes=max(yes, 0), no=no, abstain=abstain
            )
            services.poll_publish(actor=staff, poll=poll)
        election = services.poll_create(
            actor=staff,
            sitting=sitting,
            agenda_item=agenda.get(AgendaKind.ELECTION),
            kind=PollKind.ELECTION,
            subject=Subject.ELECTION,
            title="补选自治州人大常委会副主任",
            seats=1,
            candidates=["努尔兰·吐尔逊"],
        )
        # The tellers' shares are shown once at this step; the demo counts on paper.
        services.poll_generate_keys(actor=staff, poll=election)
        election = services.poll_open(actor=staff, poll=election)
        issued = election.present
        invalid = rng.randint(0, 2)
        valid = issued - invalid
        no = rng.randint(0, max(1, valid // 20))
        abstain = rng.randint(0, max(1, valid // 30))
        yes = max(valid - no - abstain - 1, 0)
        election = services.poll_record_count(
            actor=staff,
            poll=election,
            issued=issued,
            returned=issued,
            invalid=invalid,
            candidates={election.candidates.get().pk: (yes, no, abstain)},
            write_ins={"马建新": 1} if valid - yes - no - abstain >= 1 else {},
        )
        services.poll_publish(actor=staff, poll=election)
