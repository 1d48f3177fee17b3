"""R48, issue 26.3: the evaluation's counts kept per seat and year (``DutyCount``), so that
evaluating a congress reads them instead of counting every source again.

How they stay exact (the counts are what ``counts.all_counts`` gives at the time of reading):

- **Changed records.** On PostgreSQL, triggers on every table the counts read (below) write
  the deputies a statement touched to ``DirtyDeputy`` — whatever wrote: a service, a bulk
  load by COPY, the admin, a cascade. A change of a parent row (a sitting moved, a poll
  closed, an inspection's date, an opinion handled) marks the deputies of its rows. A new
  vote is marked by its poll's close, not by its own INSERT (``NO_INSERT_MARK``).
- **Duties that came due.** The counts take only what has happened (R03: a sitting that has
  begun, an inspection on or before today). ``CountStamp.as_of`` says up to when a year's
  stored counts are exact; a refresh also recounts the deputies with a dated duty between
  then and now (``_came_due``).
- **Truncated tables.** A ``TRUNCATE`` of a watched table drops every stored count (there are
  no rows to say whose); the next reads count their seats again.
- **Seats not stored yet** (the first evaluation of a congress, a seat added since) are
  counted when first read.

``refresh`` consumes the marks and recounts only those deputies (one grouped query per kind,
as before, over them alone); it runs before every read — for the deputies read, so that one
congress's evaluation pays only for its own changes — under a lock on the stamps so that two
readers do not count the same changes twice. ``refresh()`` without seats consumes every
mark. Elsewhere than on PostgreSQL nothing is stored and the evaluation counts every time
(``enabled``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lvzhi.core import clock
from lvzhi.core.db import insert_rows
from lvzhi.registry.models import Membership

from . import counts, rules, sources
from .models import CountStamp, DirtyDeputy, DutyCount

CHUNK = 20000  # deputies (seats) recounted per round of grouped queries

# table → a SELECT of the deputy ids its changed rows ``r`` touch. ``{rows}`` is the
# statement's transition table (the new rows, then the old ones). The app that records a table
# is the one its name starts with (Django's ``<app label>_<model>``: ``app_of``).
_DEPUTY = "SELECT r.deputy_id FROM {rows} r"
WATCHED: dict[str, str] = {
    "meetings_checkin": _DEPUTY,
    "meetings_leaverequest": _DEPUTY,
    "meetings_participant": _DEPUTY,
    "meetings_speech": _DEPUTY,
    "meetings_inquiry": _DEPUTY,
    "meetings_meeting": (
        "SELECT p.deputy_id FROM meetings_participant p JOIN {rows} r ON p.meeting_id = r.id "
        "UNION SELECT l.deputy_id FROM meetings_leaverequest l JOIN {rows} r "
        "ON l.meeting_id = r.id "
        "UNION SELECT c.deputy_id FROM meetings_checkin c "
        "JOIN meetings_sitting s ON c.sitting_id = s.id JOIN {rows} r ON s.meeting_id = r.id"
    ),
    "meetings_sitting": (
        "SELECT p.deputy_id FROM meetings_participant p JOIN {rows} r "
        "ON p.meeting_id = r.meeting_id "
        "UNION SELECT c.deputy_id FROM meetings_checkin c JOIN {rows} r ON c.sitting_id = r.id"
    ),
    "voting_namedvote": _DEPUTY,
    "voting_receipt": _DEPUTY,
    "voting_poll": (
        "SELECT v.deputy_id FROM voting_namedvote v JOIN {rows} r ON v.poll_id = r.id "
        "UNION SELECT x.deputy_id FROM voting_receipt x JOIN {rows} r ON x.poll_id = r.id"
    ),
    "proposals_cosigner": _DEPUTY,
    "proposals_proposal": (
        "SELECT r.proposer_id FROM {rows} r "
        "UNION SELECT c.deputy_id FROM proposals_cosigner c JOIN {rows} r ON c.proposal_id = r.id"
    ),
    "suggestions_cosigner": _DEPUTY,
    "suggestions_suggestion": (
        "SELECT r.proposer_id FROM {rows} r "
        "UNION SELECT c.deputy_id FROM suggestions_cosigner c JOIN {rows} r "
        "ON c.suggestion_id = r.id"
    ),
    "activities_attendance": _DEPUTY,
    "activities_inspectionparticipant": _DEPUTY,
    "activities_stageinvitation": _DEPUTY,
    "activities_comment": _DEPUTY,
    "activities_supervisioninvitation": _DEPUTY,
    "activities_researchparticipant": _DEPUTY,
    "activities_trainingattendance": _DEPUTY,
    "stations_activity_deputies": _DEPUTY,
    "stations_receptionday_deputies": _DEPUTY,
    "stations_opinionassignee": _DEPUTY,
    "contacts_contact": _DEPUTY,
    "contacts_activity_participants": _DEPUTY,
    "records_disciplinenote": _DEPUTY,
    "records_dutyentry": (
        "SELECT m.deputy_id FROM registry_membership m JOIN {rows} r ON m.id = r.membership_id"
    ),
}
# Parents whose rows' dates or states decide whether their children count: table → (child
# table, the child's column pointing at the parent).
for _table, _child, _column in (
    ("activities_groupactivity", "activities_attendance", "activity_id"),
    ("activities_inspection", "activities_inspectionparticipant", "inspection_id"),
    ("activities_stage", "activities_stageinvitation", "stage_id"),
    ("activities_supervision", "activities_supervisioninvitation", "supervision_id"),
    ("activities_research", "activities_researchparticipant", "research_id"),
    ("activities_training", "activities_trainingattendance", "training_id"),
    ("stations_activity", "stations_activity_deputies", "activity_id"),
    ("stations_receptionday", "stations_receptionday_deputies", "receptionday_id"),
    ("stations_opinion", "stations_opinionassignee", "opinion_id"),
    ("contacts_activity", "contacts_activity_participants", "activity_id"),
):
    # The names are this module's constants, not input.
    WATCHED[_table] = f"SELECT c.deputy_id FROM {_child} c JOIN {{rows}} r ON c.{_column} = r.id"  # noqa: S608

# Tables whose new rows need no mark: a vote counts once its poll is closed (``counts.py``:
# ``poll__closed_at``), and the close — an UPDATE of ``voting_poll`` — marks all its voters;
# the services insert votes and receipts only while the poll is open (under its row lock), so
# an INSERT trigger there would add a statement to every vote for nothing (issue 26.3). A
# loader writing votes into a poll already closed closes it after them, or touches it
# (``UPDATE voting_poll SET closed_at = closed_at``).
NO_INSERT_MARK = frozenset({"voting_namedvote", "voting_receipt"})

_FUNCTION = """
CREATE OR REPLACE FUNCTION lvzhi_duty_mark_{table}() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO records_dirtydeputy (deputy_id)
            SELECT DISTINCT d FROM ({new}) q(d) WHERE d IS NOT NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO records_dirtydeputy (deputy_id)
            SELECT DISTINCT d FROM ({old}) q(d) WHERE d IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS lvzhi_duty_ins ON {table};
DROP TRIGGER IF EXISTS lvzhi_duty_upd ON {table};
DROP TRIGGER IF EXISTS lvzhi_duty_del ON {table};
DROP TRIGGER IF EXISTS lvzhi_duty_trunc ON {table};
CREATE TRIGGER lvzhi_duty_upd AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lvzhi_duty_mark_{table}();
CREATE TRIGGER lvzhi_duty_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lvzhi_duty_mark_{table}();
CREATE TRIGGER lvzhi_duty_trunc AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION lvzhi_duty_forget();
"""
_INSERT = """
CREATE TRIGGER lvzhi_duty_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lvzhi_duty_mark_{table}();
"""
# A TRUNCATE has no rows to say which deputies it touched (no transition table): every stored
# count is dropped, and the next read counts its seats again (``kept``: not stored yet). A
# restore from a dump brings the stored counts of the dump's moment with the data they match.
_FORGET = """
CREATE OR REPLACE FUNCTION lvzhi_duty_forget() RETURNS trigger AS $$
BEGIN
    DELETE FROM records_dutycount;
    DELETE FROM records_dirtydeputy;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def app_of(table: str) -> str:
    """The app that records ``table``: the one its name starts with."""
    return "lvzhi." + table.split("_", 1)[0]


def enabled() -> bool:
    return connection.vendor == "postgresql"


def install_triggers(using: str = "default", **_kwargs: Any) -> int:
    """Create (or replace) the marking triggers on every watched table that exists; run after
    every ``migrate`` (``apps.py``), so a table added later is watched too. Returns how many."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return 0
    with conn.cursor() as cursor:
        existing = set(conn.introspection.table_names(cursor))
        if "records_dirtydeputy" not in existing:
            return 0
        cursor.execute(_FORGET)
        n = 0
        for table, select in WATCHED.items():
            if table not in existing or not sources.recorded(app_of(table)):
                continue
            sql = _FUNCTION + ("" if table in NO_INSERT_MARK else _INSERT)
            cursor.execute(
                sql.format(
                    table=table,
                    new=select.format(rows="new_rows"),
                    old=select.format(rows="old_rows"),
                )
            )
            n += 1
    return n


def _came_due(since: dt.datetime, now: dt.datetime) -> set[int]:
    """Deputies with a duty whose moment of counting (R03) fell in ``(since, now]``."""
    out: set[int] = set()
    if sources.recorded("lvzhi.meetings"):
        from lvzhi.meetings.models import Participant, Sitting

        out.update(
            Participant.objects.filter(
                meeting_id__in=Sitting.objects.filter(
                    starts_at__gt=since, starts_at__lte=now
                ).values("meeting_id")
            ).values_list("deputy_id", flat=True)
        )
    d0, d1 = timezone.localdate(since), timezone.localdate(now)
    if d1 <= d0:
        return out
    dated: list[tuple[Any, str]] = []
    if sources.recorded("lvzhi.activities"):
        from lvzhi.activities import models as a

        dated += [
            (a.Attendance.objects, "activity__held_on"),
            (a.InspectionParticipant.objects, "inspection__starts_on"),
            (a.StageInvitation.objects, "stage__starts_on"),
            (a.SupervisionInvitation.objects, "supervision__held_on"),
            (a.ResearchParticipant.objects, "research__starts_on"),
            (a.TrainingAttendance.objects, "training__starts_on"),
        ]
    if sources.recorded("lvzhi.stations"):
        from lvzhi.stations import models as st

        dated += [
            (st.Activity.deputies.through.objects, "activity__held_on"),
            (st.ReceptionDay.deputies.through.objects, "receptionday__day"),
        ]
    if sources.recorded("lvzhi.contacts"):
        from lvzhi.contacts import models as ct

        dated += [
            (ct.Contact.objects, "on"),
            (ct.Activity.participants.through.objects, "activity__held_on"),
        ]
    for manager, field in dated:
        out.update(
            manager.filter(**{f"{field}__gt": d0, f"{field}__lte": d1})
            .order_by()
            .values_list("deputy_id", flat=True)
            .distinct()
        )
    return out


def _rows(
    year: int, seats: QuerySet[Membership], by_id: bool = True
) -> list[tuple[int, int, int, str]]:
    """(year, seat, deputy, counts as JSON) for ``seats``, counted now."""
    bulk = counts.all_counts(year, seats, by_id=by_id)
    out = []
    for pk, deputy_id in seats.order_by().values_list("pk", "deputy_id"):
        c = {}
        for kind in rules.KIND_KEYS:
            n = bulk.get(kind)
            if n is None:
                continue
            v = n.get(pk if kind == "own_entry" else deputy_id, 0)
            if v:
                c[kind] = v
        out.append((year, pk, deputy_id, json.dumps(c, sort_keys=True)))
    return out


def _store(year: int, seats: QuerySet[Membership], replace: bool = True) -> int:
    rows = _rows(year, seats, by_id=replace)
    if replace:
        DutyCount.objects.filter(year=year, membership_id__any_of=[r[1] for r in rows]).delete()
    insert_rows(DutyCount, ("year", "membership", "deputy_id", "counts"), rows)
    return len(rows)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def refresh(year: int | None = None, seats: QuerySet[Membership] | None = None) -> int:
    """Bring every stored year up to now (and start storing ``year``): recount the deputies
    marked since the last refresh — of ``seats`` only, when given (one congress's evaluation
    pays for its own changes, not the platform's) — and those with a duty that came due.
    Returns the number of seats recounted."""
    now = clock.now()
    recounted = 0
    with transaction.atomic():
        if year is not None:
            CountStamp.objects.get_or_create(year=year, defaults={"as_of": now})
        stamps = list(CountStamp.objects.select_for_update().order_by("year"))
        if seats is None:
            with connection.cursor() as cursor:
                table = DirtyDeputy._meta.db_table
                cursor.execute(f"DELETE FROM {table} RETURNING deputy_id")  # noqa: S608
                dirty = {r[0] for r in cursor.fetchall()}
        else:
            marks = list(
                DirtyDeputy.objects.filter(
                    deputy_id__in=seats.order_by().values("deputy_id")
                ).values_list("pk", "deputy_id")
            )
            DirtyDeputy.objects.filter(pk__any_of=[pk for pk, _d in marks]).delete()
            dirty = {d for _pk, d in marks}
        due: dict[dt.datetime, set[int]] = {}
        for stamp in stamps:
            if stamp.as_of not in due:
                # Either way: a clock set back (a test, a correction) un-counts what it passed.
                early, late = sorted((stamp.as_of, now))
                due[stamp.as_of] = _came_due(early, late) if early < late else set()
            for part in _chunks(dirty | due[stamp.as_of]):
                ids = list(
                    DutyCount.objects.filter(year=stamp.year, deputy_id__any_of=part).values_list(
                        "membership_id", flat=True
                    )
                )
                if ids:
                    recounted += _store(stamp.year, Membership.objects.filter(pk__any_of=ids))
            if stamp.as_of != now:
                stamp.as_of = now
                stamp.save(update_fields=["as_of"])
    return recounted


def store_missing(year: int, seats: QuerySet[Membership]) -> None:
    """Count and store the seats of ``seats`` not stored yet for ``year`` (the first
    evaluation of a congress, a seat added), in one pass. Under the year's lock (``kept``)."""
    missing = seats.filter(
        ~Exists(DutyCount.objects.filter(year=year, membership_id=OuterRef("pk")))
    ).order_by()
    if missing.exists():
        _store(year, missing, replace=False)


@contextmanager
def kept(
    year: int, seats: QuerySet[Membership], every: bool = False, missing: bool = True
) -> Iterator[None]:
    """Inside: the stored counts of ``seats`` in ``year`` are exact as of now — refreshed, the
    seats not stored yet counted and stored — and stay so (the year's stamp is locked: one
    writer of its rows). Read them inside, in the transaction: on the primary, which holds
    what was just stored, whatever the request's reads (``core.dbrouting``). ``every``: the
    seats are every seat, so every mark is consumed (no lookup of the marks by seat).
    ``missing=False``: the caller's read finds the seats not stored yet itself and calls
    ``store_missing`` then, inside (one scan of the seats less)."""
    refresh(year, None if every else seats)
    with transaction.atomic():
        CountStamp.objects.select_for_update().get(year=year)
        if missing:
            store_missing(year, seats)
        yield


def seat_counts(year: int, seats: QuerySet[Membership]) -> dict[int, dict[str, int]]:
    """Seat id → its counts of the kinds not zero in ``year``, exact as of now: refreshed,
    and the seats not stored yet counted and stored."""
    with kept(year, seats):
        return dict(
            DutyCount.objects.filter(year=year, membership_id__in=seats.order_by().values("pk"))
            .order_by()
            .values_list("membership_id", "counts")
        )
