"""Compliance benchmark (issue 10): the whole compliance table of the prefecture congress at
`prefecture` scale with a year of activity bulk-loaded (group activities with attendance,
trainings with attendance, Standing Committee meetings with attendees, suggestions with
replies, members' contacts, station activities). Prints a table; never a pass/fail test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_bench_compliance \
        nice -n 10 .venv/bin/python bench/compliance.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suggestions", type=int, default=50_000)
    parser.add_argument("--attendance-per-activity", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse-seed",
        action="store_true",
        help="keep a database a previous run seeded (skip dropping, migrating and seeding)",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="with --reuse-seed: do not load the year again, only measure",
    )
    args = parser.parse_args()
    from common import migrated, setup_django

    setup_django()
    from django.db import connection

    from lvzhi.registry.demo.seed import seed
    from lvzhi.registry.models import Membership

    results: list[tuple[str, str, str]] = []
    if not args.reuse_seed:
        migrated()
        t0 = time.perf_counter()
        seed("prefecture", progress=lambda *a: None)
        results.append(("seed prefecture (all seeders)", f"{time.perf_counter() - t0:.1f} s", ""))
    results.append(("seats", f"{Membership.objects.count():,}", "prefecture scale"))
    if not args.measure_only:
        t0 = time.perf_counter()
        loaded = _load_year(args)
        results.append(
            (
                "bulk-load a year of activity",
                f"{time.perf_counter() - t0:.1f} s",
                f"{loaded:,} rows",
            )
        )
    from django.urls import reverse

    reverse("core:desk")  # load the URLconf once, as a running server has
    from lvzhi.compliance import selectors
    from lvzhi.compliance.periods import Period
    from lvzhi.compliance.rule_registry import RULES
    from lvzhi.core import clock
    from lvzhi.registry.models import Congress

    congress = Congress.objects.get(level="prefecture")
    year = clock.today().year
    from django.test.utils import CaptureQueriesContext

    for part in ("Y", "Q4"):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                rows = selectors.table(congress, Period(year, part))
            times.append(time.perf_counter() - t0)
        statuses = "/".join(str(selectors.summary(rows)[k]) for k in ("green", "amber", "red"))
        results.append(
            (
                f"compliance table, {year} {part}",
                f"best {min(times):.2f} s, worst {max(times):.2f} s",
                f"{len(q.captured_queries)} queries, {len(RULES)} rules, "
                f"green/amber/red {statuses}",
            )
        )
    slowest = []
    ctx = selectors.context(congress, Period(year))
    for rule in RULES:
        t0 = time.perf_counter()
        out = rule.check(ctx)
        slowest.append((time.perf_counter() - t0, rule.id, out.total))
    slowest.sort(reverse=True)
    for seconds, rule_id, total in slowest[:4]:
        results.append((f"  rule {rule_id}", f"{seconds:.2f} s", f"{total:,} items"))
    width = max(len(x[0]) for x in results)
    print(f"\nlvzhi compliance benchmark — {connection.vendor}, prefecture scale")
    print(f"{'benchmark':<{width}}  {'time':<32}  detail")
    for name, value, detail in results:
        print(f"{name:<{width}}  {value:<32}  {detail}")


def _load_year(args: argparse.Namespace) -> int:
    """A year of duty records for every current term, written with COPY (insert_rows)."""
    from django.utils import timezone

    from lvzhi.activities.models import (
        Attendance,
        DeputyGroup,
        GroupActivity,
        Training,
        TrainingAttendance,
    )
    from lvzhi.contacts.models import Contact, Link
    from lvzhi.core import clock
    from lvzhi.core.db import analyze, insert_rows
    from lvzhi.core.models import User
    from lvzhi.meetings.models import Meeting, Participant
    from lvzhi.registry.models import Congress, Membership, Organisation, Term
    from lvzhi.stations.models import Activity as StationActivity
    from lvzhi.stations.models import Station
    from lvzhi.suggestions.models import Reply, Suggestion
    from lvzhi.suggestions.rules import reply_due

    rng = random.Random(10)
    today = clock.today()
    year = today.year
    now = clock.now()
    office = User.objects.get(username="office")
    total = 0

    def day() -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(
            days=rng.randint(0, (today - dt.date(year, 1, 1)).days)
        )

    def aware(d: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime(d.year, d.month, d.day, 10))

    members: dict[int, list[int]] = {}
    for group_id, deputy_id in Membership.objects.filter(
        deputy_group__isnull=False, status="serving"
    ).values_list("deputy_group_id", "deputy_id"):
        members.setdefault(group_id, []).append(deputy_id)
    # Group activities: three a quarter per group so far this year, with attendance.
    rows = []
    for g in DeputyGroup.objects.all():
        for q in range(1, (today.month - 1) // 3 + 2):
            for k in range(3):
                held = dt.date(year, 3 * q - 2, 1 + 9 * k)
                if held <= today:
                    rows.append(
                        (g.pk, "study", f"学习{q}-{k}", held, "会议室", "学习", "", office.pk, now)
                    )
    insert_rows(
        GroupActivity,
        [
            "group",
            "kind",
            "title",
            "held_on",
            "place",
            "content",
            "report",
            "recorded_by",
            "recorded_at",
        ],
        rows,
    )
    total += len(rows)
    groups = dict(DeputyGroup.objects.values_list("pk", "organisation_id"))
    att = []
    for a_id, g_id in GroupActivity.objects.filter(held_on__year=year).values_list(
        "pk", "group_id"
    ):
        for d in members.get(groups[g_id], [])[: args.attendance_per_activity]:
            att.append((a_id, d, rng.random() < 0.9))
    insert_rows(Attendance, ["activity", "deputy", "present"], att)
    total += len(att)
    # Trainings: two per current term, attended by nine in ten serving deputies.
    for term in Term.objects.filter(is_current=True):
        serving = list(
            Membership.objects.filter(term=term, status="serving").values_list(
                "deputy_id", flat=True
            )
        )
        organiser = Organisation.objects.filter(congress=term.congress).order_by("path").first()
        if not serving or organiser is None:
            continue
        for n in range(2):
            start = dt.date(year, 3 + 4 * n, 10)
            if start > today:
                continue
            t = Training.objects.create(
                kind="thematic",
                term=term,
                organiser=organiser,
                title=f"专题培训{n}",
                starts_on=start,
                ends_on=start,
                place="党校",
                content="培训",
                created_by=office,
                created_at=now,
            )
            chosen = [(t.pk, d, now) for d in serving if rng.random() < 0.9]
            insert_rows(TrainingAttendance, ["training", "deputy", "recorded_at"], chosen)
            total += len(chosen)
    # Standing Committee meetings every two months for each congress, ~10 attendees each.
    for congress in Congress.objects.all():
        term = Term.objects.filter(congress=congress, is_current=True).first()
        if term is None:
            continue
        serving = list(
            Membership.objects.filter(term=term, status="serving").values_list(
                "deputy_id", flat=True
            )[:400]
        )
        for month in range(1, today.month + 1, 2):
            opens = dt.date(year, month, 20)
            m = Meeting.objects.create(
                kind="standing_committee",
                congress=congress,
                title=f"常委会{month}月会议",
                opens_at=aware(opens),
                closes_at=aware(opens),
                created_at=now,
                attendees_fixed_at=aware(opens - dt.timedelta(days=rng.choice([9, 10, 12]))),
            )
            people = rng.sample(serving, min(len(serving), rng.choice([7, 9, 10, 11])))
            insert_rows(
                Participant,
                ["meeting", "deputy", "role", "reason"],
                [(m.pk, d, "non_voting", "") for d in people],
            )
            total += len(people)
    # Suggestions due this year with replies (prefecture term).
    term = Term.objects.get(congress__level="prefecture", is_current=True)
    deputies = list(Membership.objects.filter(term=term).values_list("deputy_id", flat=True)[:300])
    unit = Organisation.objects.filter(kind="government_department").first()
    assert unit is not None
    srows = []
    for i in range(args.suggestions):
        assigned = day() - dt.timedelta(days=90)
        srows.append(
            (
                "BENCHC",
                900_000 + i,
                f"建议{i}",
                "正文",
                "other",
                "replied",
                rng.choice(deputies),
                office.pk,
                now,
                now,
                assigned,
                reply_due(assigned),
                term.pk,
                "none",
                "[]",
                False,
                False,
                "",
            )
        )
    insert_rows(
        Suggestion,
        [
            "series",
            "number",
            "title",
            "body",
            "category",
            "status",
            "proposer",
            "created_by",
            "created_at",
            "submitted_at",
            "assigned_on",
            "due_on",
            "term",
            "screening",
            "screening_reasons",
            "key_supervision",
            "is_public",
            "search_tokens",
        ],
        srows,
    )
    total += len(srows)
    rrows = []
    for sid, due in Suggestion.objects.filter(series="BENCHC").values_list("pk", "due_on"):
        replied = due + dt.timedelta(days=rng.choice([-20, -5, 0, 3]))
        rrows.append((sid, unit.pk, "A", "已办理", office.pk, aware(replied), replied <= due, "[]"))
    insert_rows(
        Reply,
        [
            "suggestion",
            "unit",
            "result_class",
            "body",
            "replied_by",
            "replied_at",
            "on_time",
            "signoffs",
        ],
        rrows,
    )
    total += len(rrows)
    # Members' contacts: one to three per link this year.
    crows = []
    for holder_id, deputy_id in Link.objects.filter(ended_on__isnull=True).values_list(
        "holder_id", "deputy_id"
    ):
        for _n in range(rng.randint(1, 3)):
            crows.append((holder_id, deputy_id, day(), "phone", "", office.pk, now))
    insert_rows(
        Contact, ["holder", "deputy", "on", "method", "note", "recorded_by", "recorded_at"], crows
    )
    total += len(crows)
    # Station activities: two a month per station.
    stations = list(Station.objects.values_list("pk", flat=True))
    arows = [
        (s, "reception", dt.date(year, m, d), "接待日", "", 10, "", now)
        for s in stations
        for m in range(1, today.month + 1)
        for d in (5, 20)
        if dt.date(year, m, d) <= today
    ]
    insert_rows(
        StationActivity,
        [
            "station",
            "kind",
            "held_on",
            "title",
            "summary",
            "participants",
            "evaluation",
            "recorded_at",
        ],
        arows,
    )
    total += len(arows)
    analyze(
        GroupActivity,
        Attendance,
        TrainingAttendance,
        Participant,
        Suggestion,
        Reply,
        Contact,
        StationActivity,
    )
    return total


def rows(ctx: Any) -> list[Any]:
    """`make bench` (bench/all.py): the whole compliance table of the prefecture for this year
    on the database the harness prepared, and the compliance page as the office. The bulk load
    of a year of activity is this module's own (`python bench/compliance.py`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.compliance import selectors
    from lvzhi.compliance.periods import Period
    from lvzhi.core import clock
    from lvzhi.registry.models import Congress

    congress = Congress.objects.get(level="prefecture")
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        table = selectors.table(congress, Period(clock.today().year, "Y"))
    seconds = time.perf_counter() - t0
    return [
        ctx.row(
            "compliance",
            "whole compliance table, prefecture, this year",
            seconds,
            unit="s",
            target="< 30 s",
            note=f"{len(q.captured_queries)} queries, {len(table)} rules",
        ),
        ctx.page("compliance", "compliance view page", "office", "/compliance/"),
    ]


if __name__ == "__main__":
    main()
