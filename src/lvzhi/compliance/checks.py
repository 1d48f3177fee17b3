"""The query function of each compliance rule: ``check(ctx) -> Outcome``. Each reads the
other apps through their selectors with a fixed number of queries, whatever the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities import rules as activities_rules
from lvzhi.activities import selectors as activities_selectors
from lvzhi.contacts import selectors as contacts_selectors
from lvzhi.meetings import rules as meetings_rules
from lvzhi.meetings import selectors as meetings_selectors
from lvzhi.meetings.models import MeetingKind
from lvzhi.records import rules as records_rules
from lvzhi.records import selectors as records_selectors
from lvzhi.registry.models import Level
from lvzhi.stations import rules as stations_rules
from lvzhi.stations import selectors as stations_selectors
from lvzhi.suggestions import rules as suggestions_rules
from lvzhi.suggestions import selectors as suggestions_selectors

from . import rules
from .outcomes import BEHIND, OK, OPEN, Context, Item, Outcome
from .periods import HALF, QUARTER, YEAR

DAY = dt.timedelta(days=1)
_MARK = 987654321


def _link(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` without resolving each of many thousand items: the
    pattern is reversed once per request (R14 lists every suggestion due in the period)."""
    cache = _links.setdefault(get_script_prefix(), {})
    if name not in cache:
        cache[name] = reverse(name, args=[_MARK])
    return cache[name].replace(str(_MARK), str(pk))


# Reversed patterns per script prefix (the prefix is the only thing that changes a URL).
_links: dict[str, dict[str, str]] = {}


def _day(at: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(at).date() if at is not None else None


# ---- meetings (R02, R30, R31) ----------------------------------------------------------------


def notices(ctx: Context) -> Outcome:
    """R02 (Art 4): the notice of each session reached the deputies ≥15 days before."""
    need = meetings_rules.NOTICE_DAYS_BEFORE
    out = Outcome()
    for m in meetings_selectors.compliance_meetings(
        ctx.congress.pk, MeetingKind.SESSION, ctx.period.start, ctx.period.end
    ):
        opens = _day(m.opens_at)
        assert opens is not None
        if m.notice_days is None:
            state = ctx.state(False, opens - dt.timedelta(days=need))
            why = _("No notice recorded.")
        else:
            state = OK if m.notice_days >= need else BEHIND
            why = _("Notice sent %(n)s days before the opening (at least %(min)s).") % {
                "n": m.notice_days,
                "min": need,
            }
        out.items.append(
            Item(
                _("Session"),
                m.title,
                state,
                why,
                url=_link("meetings:detail", m.pk),
                period=f"{opens:%Y-%m-%d}",
            )
        )
    return out


def _sc_meetings(ctx: Context) -> list[Any]:
    key = "sc_meetings"
    if key not in ctx.cache:
        ctx.cache[key] = meetings_selectors.compliance_meetings(
            ctx.congress.pk, MeetingKind.STANDING_COMMITTEE, ctx.period.start, ctx.period.end
        )
    return list(ctx.cache[key])


def non_voting(ctx: Context) -> Outcome:
    """R30 (Art 56): about ten deputies attend each Standing Committee meeting without a vote.
    Attend, not only invited: a deputy on the list counts once registered or checked in
    (``meetings.selectors.attended``), as the term coverage counts."""
    out = Outcome()
    for m in _sc_meetings(ctx):
        opens = _day(m.opens_at)
        assert opens is not None
        state = ctx.state(m.non_voting >= rules.NON_VOTING_MIN, opens)
        out.items.append(
            Item(
                _("Standing Committee meeting"),
                m.title,
                state,
                _(
                    "%(n)s deputies attended without a vote, of %(invited)s invited "
                    "(about %(about)s: at least %(min)s)."
                )
                % {
                    "n": m.non_voting,
                    "invited": m.non_voting_invited,
                    "about": meetings_rules.ATTENDEES_PER_MEETING,
                    "min": rules.NON_VOTING_MIN,
                },
                url=_link("meetings:detail", m.pk),
                period=f"{opens:%Y-%m-%d}",
            )
        )
    return out


def _days_before(
    opens: dt.date, done: dt.date | None, days: int, missing: str, late: str
) -> tuple[bool, str]:
    """Whether ``done`` came at least ``days`` days before ``opens``, and if not why: ``missing``
    when it never came, else ``late`` (with ``n``, the days it came before, and ``min``)."""
    if done is None:
        return False, missing
    if (opens - done).days < days:
        return False, late % {"n": (opens - done).days, "min": days}
    return True, ""


def non_voting_timing(ctx: Context) -> Outcome:
    """R31 (Art 57): list fixed ≥10 days before, topics and materials ≥7 days before."""
    out = Outcome()
    list_days = meetings_rules.SC_LIST_DAYS_BEFORE
    material_days = meetings_rules.SC_NOTICE_DAYS_BEFORE
    for m in _sc_meetings(ctx):
        opens = _day(m.opens_at)
        assert opens is not None
        list_ok, list_late = _days_before(
            opens,
            _day(m.attendees_fixed_at),
            list_days,
            _("attendee list not fixed"),
            _("list fixed %(n)s days before (at least %(min)s)"),
        )
        material_ok, material_late = _days_before(
            opens,
            _day(m.first_material_at),
            material_days,
            _("no material published"),
            _("materials %(n)s days before (at least %(min)s)"),
        )
        reasons = [r for r in (list_late, material_late) if r]
        # Still open while the list's deadline (the earlier one) has not passed.
        state = ctx.state(list_ok and material_ok, opens - dt.timedelta(days=material_days))
        out.items.append(
            Item(
                _("Standing Committee meeting"),
                m.title,
                state,
                "；".join(reasons) if reasons else _("List and materials in time."),
                url=_link("meetings:detail", m.pk),
                period=f"{opens:%Y-%m-%d}",
            )
        )
    return out


# ---- suggestions (R14) ---------------------------------------------------------------------


def replies(ctx: Context) -> Outcome:
    """R14 (Art 24): replies within 3 months of assignment (the due date, extensions included);
    never beyond 6 months — a reply or a wait beyond the cap makes the row red."""
    out = Outcome()
    kind = _("Suggestion")
    replied_text = _("Replied on %(day)s, due on %(due)s.")
    waiting_text = _("No reply yet, due on %(due)s.")
    cap_text = _("Beyond the 6-month cap (%(cap)s).")
    for r in suggestions_selectors.due_between(ctx.congress.pk, ctx.period.start, ctx.period.end):
        cap = suggestions_rules.reply_cap(r["assigned_on"])
        replied = _day(r["first_reply_at"])
        due = r["due_on"]
        if replied is not None:
            state = OK if replied <= due else BEHIND
            why = replied_text % {"day": replied, "due": due}
            severe = replied > cap
        else:
            state = ctx.state(False, due)
            why = waiting_text % {"due": due}
            severe = ctx.today > cap
        if severe:
            why += " " + cap_text % {"cap": cap}
        number = r["number"] or ""
        out.items.append(
            Item(
                kind,
                f"{number} {r['title']}".strip(),
                state,
                why,
                severe=severe,
                url=_link("suggestions:detail", r["id"]),
                period=f"{due:%Y-%m-%d}",
            )
        )
    return out


# ---- activities (R20, R22, R26, R28, R32) ----------------------------------------------------


def group_quarters(ctx: Context) -> Outcome:
    """R20 (Art 38): each deputy group holds at least one collective activity per quarter."""
    out = Outcome()
    if ctx.term is None:
        return Outcome(recorded=False, note=_("The congress has no current term."))
    groups = activities_selectors.groups_of_term(ctx.term.pk)
    statuses = activities_selectors.quarter_statuses(groups, ctx.period.year, ctx.today)
    for window in ctx.period.windows(QUARTER):
        q = int(window.part[1])
        _first, last = activities_rules.quarter_bounds(ctx.period.year, q)
        for g in groups:
            if last < g.formed_on:
                continue
            s = statuses[g.pk][q - 1]
            out.items.append(
                Item(
                    _("Deputy group"),
                    g.organisation.name,
                    ctx.state(s.activities >= activities_rules.ACTIVITIES_PER_QUARTER, last),
                    _("%(n)s collective activities in Q%(q)s.") % {"n": s.activities, "q": q},
                    url=_link("activities:group", g.pk),
                    period=window.label,
                )
            )
    return out


def centralised_inspection(ctx: Context) -> Outcome:
    """R22 (Art 41): a centralised inspection once a year, in December or finished at least a
    month before the session it prepares."""
    if ctx.term is None:
        return Outcome(recorded=False, note=_("The congress has no current term."))
    year = ctx.period.year
    inspections = activities_selectors.centralised_inspections(ctx.term.pk, year)
    good = [
        i
        for i in inspections
        if activities_rules.centralised_timing_ok(
            i.ends_on, i.session.opens_on if i.session else None
        )
    ]
    held = [i for i in good if i.ends_on < ctx.today]
    if held:
        state, why = OK, "、".join(f"{i.title}（{i.starts_on}–{i.ends_on}）" for i in held)
    elif good:
        state, why = (
            OPEN,
            _("Planned: %(list)s")
            % {"list": "、".join(f"{i.title}（{i.starts_on}–{i.ends_on}）" for i in good)},
        )
    elif inspections:
        state = BEHIND
        why = _("Held neither in December nor a month before the session: %(list)s") % {
            "list": "、".join(f"{i.title}（{i.starts_on}–{i.ends_on}）" for i in inspections)
        }
    else:
        state = ctx.state(False, dt.date(year, 12, 31))
        why = _("No centralised inspection recorded this year.")
    url = _link("activities:inspection", inspections[0].pk) if inspections else ""
    return Outcome(items=[Item(_("Year"), str(year), state, why, url=url, period=str(year))])


def stage_deputies(ctx: Context) -> Outcome:
    """R26 (Art 50): at least two deputies with relevant knowledge in each legislative stage.
    Without any stage recorded in the period the row says "not recorded"."""
    if ctx.term is None:
        return Outcome(recorded=False, note=_("The congress has no current term."))
    stages = activities_selectors.stages_between(ctx.term.pk, ctx.period.start, ctx.period.end)
    if not stages:
        return Outcome(recorded=False, note=_("No legislative stage is recorded for this period."))
    out = Outcome()
    need = activities_rules.MIN_DEPUTIES_PER_STAGE
    for s in stages:
        out.items.append(
            Item(
                _("Legislative stage"),
                f"{s.project.title} · {s.get_kind_display()}",
                ctx.state(s.relevant >= need, s.starts_on),
                _(
                    "%(n)s deputies with the relevant expertise invited (at least %(min)s); "
                    "%(all)s invited in all."
                )
                % {"n": s.relevant, "min": need, "all": s.invited},
                url=_link("activities:project", s.project_id),
                period=f"{s.starts_on:%Y-%m-%d}",
            )
        )
    return out


def local_deputies(ctx: Context) -> Outcome:
    """R28 (Art 53): committees' law-enforcement inspections, inspections and research invite
    at least two deputies of the place concerned."""
    if ctx.term is None:
        return Outcome(recorded=False, note=_("The congress has no current term."))
    out = Outcome()
    need = activities_rules.MIN_LOCAL_DEPUTIES
    for s in activities_selectors.supervisions_between(
        ctx.term.pk, ctx.period.start, ctx.period.end
    ):
        out.items.append(
            Item(
                _("Supervision"),
                f"{s.title}（{s.place.name}）",
                ctx.state(s.local >= need, s.held_on),
                _("%(n)s local deputies invited (at least %(min)s).") % {"n": s.local, "min": need},
                url=_link("activities:supervision", s.pk),
                period=f"{s.held_on:%Y-%m-%d}",
            )
        )
    return out


def _deputies_missing(ctx: Context, missing: Any, done: int, year: int, note: str) -> Outcome:
    """One row a deputy who has not yet done what the rule asks, open until the end of
    ``year``; ``done`` deputies who have are counted, not listed."""
    due = dt.date(year, 12, 31)
    out = Outcome(ok_unlisted=done)
    for d in missing:
        out.items.append(
            Item(
                _("Deputy"),
                d.name,
                ctx.state(False, due),
                note,
                url=_link("registry:deputy_detail", d.pk),
                period=str(year),
            )
        )
    return out


def training(ctx: Context) -> Outcome:
    """R32 (Art 63): every serving deputy trained (full coverage): a deputy counts once, with
    any training of the term held up to the end of the chosen period (the onboarding training
    before the first session included). Until the period's year is over, a deputy not yet
    trained is still open."""
    if ctx.term is None:
        return Outcome(recorded=False, note=_("The congress has no current term."))
    # Any training of the term counts, the onboarding training held before the first session
    # (often before the term's recorded start) included.
    serving, missing = activities_selectors.untrained_between(ctx.term.pk, None, ctx.period.end)
    return _deputies_missing(
        ctx,
        missing,
        serving - len(missing),
        ctx.period.year,
        _("No training of this term attended yet."),
    )


# ---- organs and deputies (R33, R34, R36, R38) ------------------------------------------------


def _obligations(ctx: Context) -> list[Any]:
    key = "obligations"
    if key not in ctx.cache:
        ctx.cache[key] = contacts_selectors.obligations_of_division(
            ctx.congress.division_id, ctx.period.year
        )
    return list(ctx.cache[key])


_STATE = {"done": OK, "open": OPEN, "missing": BEHIND}


def _ob_item(ctx: Context, kind: str, name: str, ob: Any, url: str) -> Item:
    why = f"{ob.text}：{ob.detail}" if ob.detail else str(ob.text)
    return Item(kind, name, _STATE[ob.state], why, url=url, period=str(ctx.period.year))


def _holder_items(ctx: Context, rule: str) -> list[Item]:
    """The holders' own items of ``rule`` (those without a due day: the year-end report,
    R37 or R34's written report, is not a contact obligation)."""
    items = []
    for org in _obligations(ctx):
        for row in org.rows:
            for ob in row.items:
                if ob.rule == rule and ob.due is None:
                    items.append(
                        _ob_item(
                            ctx,
                            row.holder.get_kind_display(),
                            f"{row.holder.name}（{org.organisation.name}）",
                            ob,
                            _link("contacts:member", row.holder.pk),
                        )
                    )
    return items


def _organisation_items(ctx: Context, rule: str, kind: str) -> list[Item]:
    """The organisations' own items of ``rule`` whose due day (if any) ends one of the chosen
    period's half-years (R36) or its year (R38)."""
    ends = {w.end for w in ctx.period.windows(kind)}
    items = []
    for org in _obligations(ctx):
        for ob in org.items:
            if ob.rule == rule and (ob.due is None or ob.due in ends):
                items.append(
                    _ob_item(
                        ctx,
                        org.organisation.get_kind_display(),
                        org.organisation.name,
                        ob,
                        _link("contacts:organisation", org.organisation.pk),
                    )
                )
    return items


def member_links(ctx: Context) -> Outcome:
    """R33 (Art 67): each Standing Committee member is linked to three deputies."""
    return Outcome(items=_holder_items(ctx, "R33"))


def member_contacts(ctx: Context) -> Outcome:
    """R34 (Art 68): each member contacts each linked deputy at least twice a year."""
    out = Outcome(items=_holder_items(ctx, "R34"))
    # Contacts are counted over the year: until it ends, a member behind is still open.
    if ctx.period.running(ctx.today) or ctx.today.year == ctx.period.year:
        for item in out.items:
            if item.state == BEHIND:
                item.state = OPEN
    return out


def professional_groups(ctx: Context) -> Outcome:
    """R36 (Art 72): each special committee's professional group of 8-10 deputies, with an
    activity every half year."""
    return Outcome(items=_organisation_items(ctx, "R36", HALF))


def committee_reports(ctx: Context) -> Outcome:
    """R37 (Art 73): each special committee and working body reports its contacts with
    deputies in writing by year-end."""
    return Outcome(items=_organisation_items(ctx, "R37", YEAR))


def organ_leaders(ctx: Context) -> Outcome:
    """R38 (Art 75): each leader of 一府一委两院 contacts about three grassroots deputies; the
    principal leader holds a forum with at least ten deputies a year; briefings 1-2 a year."""
    return Outcome(items=_holder_items(ctx, "R38") + _organisation_items(ctx, "R38", YEAR))


# ---- stations (R41) --------------------------------------------------------------------------


def leading_post_station(ctx: Context) -> Outcome:
    """R41 (Art 80): prefecture deputies holding leading posts hold at least one activity at a
    station each year."""
    if ctx.congress.level != Level.PREFECTURE:
        return Outcome(
            recorded=False, note=_("The platform checks this rule for prefecture deputies.")
        )
    year = ctx.period.year
    _total, done = stations_selectors.leaders_count(year)
    missing = list(stations_selectors.leaders_without_activity(year))
    return _deputies_missing(
        ctx,
        missing,
        done,
        year,
        _("No station activity this year (at least %(n)s).")
        % {"n": stations_rules.LEADER_ACTIVITIES_PER_YEAR},
    )


# ---- records (R47) ---------------------------------------------------------------------------


def handbooks(ctx: Context) -> Outcome:
    """R47 (Art 95): each electoral unit submits every deputy's duty handbook of the year
    before year-end. One item per unit; open until the deadline has passed."""
    year = ctx.period.year
    due = records_rules.handbook_due(year)
    out = Outcome()
    for status in records_selectors.handbook_status(year, congress_id=ctx.congress.pk):
        missing = status.missing
        out.items.append(
            Item(
                _("Electoral unit"),
                status.unit.name,
                ctx.state(missing == 0, due),
                _("%(submitted)s of %(expected)s handbooks submitted; due %(due)s.")
                % {"submitted": status.submitted, "expected": status.expected, "due": due},
                url=f"{reverse('records:collection')}?year={year}",
                period=str(year),
            )
        )
    return out
