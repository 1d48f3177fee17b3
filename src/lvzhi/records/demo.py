"""Demo data of the duty records, through the real services (cheap: a few dozen rows): the
deputy persona's entries (one confirmed, one returned, one waiting), a discipline note, the
office's scoring scheme for the prefecture congress, and handbooks submitted by 伊宁市 for
most of its deputies last year and a few this year, so the R47 list has something missing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.models import User
from lvzhi.registry.models import Congress, Level, Membership

from . import rules, selectors, services
from .models import DisciplineKind, EntryKind

# A one-page PDF: the evidence of a demo entry (judged by its content like any upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ENTRIES = (
    (
        EntryKind.RECEPTION,
        "到社区接待选民",
        "在所在社区接待选民 12 人次，收集物业管理方面意见 5 条。",
    ),
    (EntryKind.RESEARCH, "自行调研农贸市场食品安全", "走访 3 个农贸市场，形成调研报告一份。"),
    (EntryKind.PUBLICITY, "宣讲新修订的代表法", "在单位宣讲代表法修订内容，听众约 40 人。"),
)


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    office = User.objects.filter(username="office").first()
    unit = User.objects.filter(username="yining").first()
    deputy_user = User.objects.filter(username="deputy").first()
    congress = Congress.objects.filter(level=Level.PREFECTURE).first()
    if office is None or unit is None or deputy_user is None or congress is None:
        return
    progress("duty records", 0, 0)
    today = clock.today()
    year = today.year
    seat = (
        Membership.objects.filter(deputy__user=deputy_user, term__congress=congress)
        .select_related("deputy", "electoral_unit", "term__congress")
        .first()
    )
    if seat is None:
        return
    entries = []
    for i, (kind, title, description) in enumerate(ENTRIES):
        on = max(dt.date(year, 1, 1), today - dt.timedelta(days=40 - 15 * i))
        entries.append(
            services.entry_add(
                actor=deputy_user,
                seat=seat,
                kind=kind,
                on=on,
                title=title,
                description=description,
                upload=SimpleUploadedFile(f"evidence-{i + 1}.pdf", PDF, "application/pdf"),
            )
        )
    services.entry_confirm(actor=unit, entry=entries[0])
    services.entry_return(
        actor=unit, entry=entries[1], reason="请补充调研报告全文（现上传的是封面）。"
    )
    other = (
        Membership.objects.filter(electoral_unit=seat.electoral_unit, term=seat.term)
        .exclude(pk=seat.pk)
        .select_related("deputy")
        .order_by("id")
        .first()
    )
    if other is not None:
        services.discipline_note(
            actor=office,
            deputy=other.deputy,
            on=max(dt.date(year, 1, 1), today - dt.timedelta(days=20)),
            kind=DisciplineKind.LATE,
            note="常委会会议迟到 40 分钟，未事先说明。",
        )
    services.scheme_save(
        actor=office,
        congress=congress,
        year=year,
        weights=dict(rules.DEFAULT_WEIGHTS),
        talk_below=rules.DEFAULT_TALK_BELOW,
        commend_from=Decimal("40"),
        talk_absences=rules.DEFAULT_TALK_ABSENCES,
    )
    # R47: 伊宁市 submitted all but two of last year's handbooks and a few of this year's.
    unit_seats = list(
        Membership.objects.filter(
            selectors.seats_in_year(year - 1), electoral_unit=seat.electoral_unit
        ).order_by("sort_key", "id")
    )
    for s in unit_seats[2:]:
        services.handbook_submit(actor=unit, seat=s, year=year - 1)
    for s in unit_seats[:3]:
        if s.elected_on.year <= year:
            services.handbook_submit(actor=unit, seat=s, year=year)
