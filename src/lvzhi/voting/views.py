"""Thin views of voting: the presiding staff's poll page, the deputy's phone page and the
projector screen."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import autoreload, dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core import pages
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import picked, posted
from lvzhi.core.http import acting_user, is_htmx, press
from lvzhi.core.middleware import session_refresh_exempt, submission_key_exempt
from lvzhi.core.models import User
from lvzhi.meetings import policies as meeting_policies
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.meetings.models import AgendaItem, Sitting

from . import policies, sealing, selectors, services
from .forms import PollForm, VoteForm
from .models import Candidate, Mark, NamedVote, Poll, PollKey, PollKind, PollStatus


@login_required
def my_polls(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    d = policies.deputy_id(user)
    open_polls = list(selectors.open_polls_for_deputy(d)) if d is not None else []
    recent: list[Poll] = []
    if d is not None:
        recent = list(
            Poll.objects.filter(
                status=PollStatus.CLOSED,
                meeting_id__in=meeting_selectors.meetings_of_member(d),
            ).select_related("meeting")[:20]
        )
    voted = selectors.voted_poll_ids(d, [p.pk for p in open_polls])
    return render(
        request,
        "voting/mine.html",
        {"open_polls": open_polls, "recent": recent, "voted": voted},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_polls(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = acting_user(request)
    meeting = meeting_selectors.get_meeting(user, pk)
    staff = meeting_policies.is_staff_for(user, meeting)
    form = None
    if staff:
        sittings = [(s.pk, s.title) for s in Sitting.objects.filter(meeting=meeting)]
        agenda = [(a.pk, a.title) for a in AgendaItem.objects.filter(meeting=meeting)]
        form = PollForm(posted(request), sittings=sittings, agenda=agenda)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                poll = services.poll_create(
                    actor=user,
                    sitting=Sitting.objects.get(pk=data["sitting"], meeting=meeting),
                    agenda_item=AgendaItem.objects.filter(
                        pk=data["agenda_item"] or 0, meeting=meeting
                    ).first(),
                    seats=data["seats"] or 0,
                    candidates=data["candidates"].splitlines(),
                    **picked(data, "kind", "subject", "title", "open_at", "close_at"),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("The poll is prepared; open it when the sitting is ready.")
                )
                return redirect("voting:detail", pk=poll.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "voting/meeting.html",
        {
            "meeting": meeting,
            "polls": list(selectors.polls_of_meeting(meeting.pk)),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _context(request: HttpRequest, poll: Poll, **extra: Any) -> dict[str, Any]:
    user = acting_user(request)
    d = policies.deputy_id(user)
    voter = policies.is_voter(user, poll)
    return {
        "poll": poll,
        "can_preside": policies.can_preside(user, poll),
        "is_voter": voter,
        "present": voter and d is not None and meeting_selectors.is_present(poll.sitting_id, d),
        "has_voted": selectors.has_voted(poll, d) if voter else False,
        "my_vote": selectors.my_vote(poll, d),
        "counts": selectors.live_counts(poll),
        "candidates": list(Candidate.objects.filter(poll=poll)),
        "write_in_slots": range(poll.seats),
        "marks": [
            (Mark.YES, Mark.YES.label),
            (Mark.NO, Mark.NO.label),
            (Mark.ABSTAIN, Mark.ABSTAIN.label),
        ],
        "threshold": Fraction(poll.pass_num, poll.pass_den),
        "form": extra.get("form") or VoteForm(),
        "stage": selectors.stage(poll),
        "has_key": poll.kind == PollKind.ELECTION
        and PollKey.objects.filter(poll_id=poll.pk).exists(),
        "teller_slots": range(1, sealing.THRESHOLD + 1),
    }


def _poll_page(
    request: HttpRequest, poll: Poll, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The poll's page, ``forms`` (the vote form with its errors) in place of its own."""
    return render(request, "voting/detail.html", _context(request, poll, **forms), status=status)


@login_required
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.get_poll(acting_user(request), pk)
    return _poll_page(request, poll, {})


@login_required
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector view: a page of its own (no menu, no account links), the poll's stage in
    words and the figures large enough for the back of the hall; live counts over a
    WebSocket (static/voting/screen.js). The result shows once it is published."""
    user = acting_user(request)
    poll = selectors.get_poll(user, pk)
    if not policies.can_preside(user, poll):
        raise Http404
    return render(
        request,
        "voting/screen.html",
        {**_context(request, poll), "stage": selectors.stage(poll), "stages": selectors.STAGES},
    )


def _preside(request: HttpRequest, pk: int) -> tuple[Any, Poll]:
    user = acting_user(request)
    poll = selectors.get_poll(user, pk)
    if not policies.can_preside(user, poll):
        raise Http404
    return user, poll


@login_required
@require_POST
def poll_keys(request: HttpRequest, pk: int) -> HttpResponse:
    """R56: the tellers' step before a secret election opens: three key shares, shown on this
    answer only (never stored, never shown again; the page is not cached)."""
    user, poll = _preside(request, pk)
    try:
        shares = services.poll_generate_keys(actor=user, poll=poll)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("voting:detail", pk=poll.pk)
    response = render(request, "voting/keys.html", {"poll": poll, "shares": shares})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def poll_count(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R56: two tellers enter their shares; the ballots are opened and counted. A share that
    does not fit is named in the message; the shares typed are never sent back."""
    user, poll = _preside(request, pk)
    press(
        request,
        _("The ballots are counted; publish the result to the hall."),
        services.poll_count,
        actor=user,
        poll=poll,
        shares=request.POST.getlist("share"),
    )
    return redirect("voting:detail", pk=poll.pk)


@login_required
@require_POST
def poll_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    user, poll = _preside(request, pk)
    press(request, _("The result is published."), services.poll_publish, actor=user, poll=poll)
    return redirect("voting:detail", pk=poll.pk)


@login_required
def poll_roll(request: HttpRequest, pk: int) -> HttpResponse:
    """A named vote's roll for the staff: who has and has not voted while it is open, and
    how each deputy voted once it is closed. A secret election has no roll."""
    _user, poll = _preside(request, pk)
    if poll.kind != PollKind.NAMED:
        raise Http404
    rows = selectors.roll(poll)
    return render(
        request,
        "voting/roll.html",
        {
            "poll": poll,
            "rows": rows,
            "voted": sum(1 for r in rows if r["voted"]),
            "waiting": sum(1 for r in rows if r["present"] and not r["voted"]),
        },
    )


@login_required
def poll_trackers(request: HttpRequest, pk: int) -> HttpResponse:
    """After the count: the ballot box of trackers, and a deputy's check of their own tracker
    (shown once when they voted). Nothing here names a voter or a choice."""
    poll = selectors.get_poll(acting_user(request), pk)
    if poll.kind != PollKind.ELECTION:
        raise Http404
    asked = request.GET.get("tracker", "")[:200]
    found = selectors.tracker_counted(poll, asked) if asked.strip() else None
    return render(
        request,
        "voting/trackers.html",
        {
            "poll": poll,
            "trackers": selectors.trackers(poll) if poll.counted_at else [],
            "asked": asked,
            "found": found,
        },
    )


@login_required
def screen_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen's counts as JSON: what screen.js polls while the WebSocket is down (Redis
    away, issue 18.4)."""
    from django.http import JsonResponse

    user = acting_user(request)
    poll = selectors.get_poll(user, pk)
    if not policies.can_preside(user, poll):
        raise Http404
    return JsonResponse(selectors.live_counts(poll))


_poll_pages = pages.DetailPages.of(selectors.get_poll, _poll_page, "voting:detail", "poll")
poll_open = _poll_pages.button(services.poll_open, gettext_lazy("Voting is open."))
poll_close = _poll_pages.button(
    services.poll_close, gettext_lazy("Voting is closed; the result is final.")
)


def _ballot_fragment(
    request: HttpRequest,
    poll: Poll,
    notice: str = "",
    *,
    error: bool = False,
    done: dict[str, Any] | None = None,
    form: VoteForm | None = None,
) -> HttpResponse:
    """The ballot card alone, for the phone page's script (htmx) to put in place of the
    form: the answer to a vote without a second request, a redirect or a session write. A
    vote just recorded (``done``) needs no query; anything else shows the card as the poll
    page would."""
    if done is not None:
        # No form in the card and no request: no context processor runs (the navigation's
        # role look-ups), the vote path ends with its insert.
        return HttpResponse(
            render_to_string("voting/_ballot.html", {**done, "poll": poll, "notice": notice})
        )
    context = _context(request, poll, form=form)
    return render(
        request,
        "voting/_ballot.html",
        {**context, "poll": poll, "notice": notice, "notice_is_error": error},
    )


@session_refresh_exempt
@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R56: cast a vote or a ballot. With the page's script (htmx) the answer is the ballot
    card, confirmed in place; without it, a 303 to the poll page with a message. Either way a
    retried cast never counts twice (the service returns the vote already recorded)."""
    user = acting_user(request)
    poll = selectors.get_poll(user, pk)
    partial = is_htmx(request)
    done: dict[str, Any] | None = None
    try:
        if poll.kind == PollKind.NAMED:
            form = VoteForm(request.POST)
            if not form.is_valid():
                if partial:
                    return _ballot_fragment(request, poll, form=form)
                return _poll_page(request, poll, {"form": form}, status=400)
            cast = services.vote_cast(actor=user, poll=poll, choice=form.cleaned_data["choice"])
            notice, level = _("Your vote has been recorded."), messages.SUCCESS
            done = {"is_voter": True, "has_voted": True, "my_vote": cast}
        else:
            # R56: the raw submission, nothing cut: every value sent for each candidate and
            # every write-in field; the service classifies it.
            ids = set(Candidate.objects.filter(poll=poll).values_list("pk", flat=True))
            marks = {cid: request.POST.getlist(f"c{cid}") for cid in ids}
            marks = {cid: v for cid, v in marks.items() if v}
            write_ins = request.POST.getlist("write_in")
            tracker = services.ballot_cast(actor=user, poll=poll, marks=marks, write_ins=write_ins)
            if tracker is not None:
                notice, level = _("Your ballot has been put in the box."), messages.SUCCESS
            else:
                notice, level = (
                    _("Your ballot was already in the box; it counts once."),
                    messages.INFO,
                )
            done = {"is_voter": True, "has_voted": True, "my_vote": None, "tracker": tracker}
    except DomainError as exc:
        notice, level, done = exc.message, messages.ERROR, None
    if partial:
        return _ballot_fragment(request, poll, notice, error=level == messages.ERROR, done=done)
    if done is not None and done.get("tracker"):
        # Without script the tracker is shown once through the message of the next page.
        notice = "{} {}".format(
            notice, _("Your ballot's tracker (shown this once): %(t)s") % {"t": done["tracker"]}
        )
    messages.add_message(request, level, notice)
    return redirect_303("voting:detail", pk=poll.pk)


@submission_key_exempt
@session_refresh_exempt
@require_POST
def cast(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R56, the phone's named vote on its short path (issue 26.1): the phone page's script
    posts here; one statement records the vote (``services.vote_cast_at_once``) and the answer
    is the confirmed ballot card, rendered without a context processor — no poll, membership
    or check-in query of its own, no form, no session write. Anything the statement did not
    record (a retry, a refusal, SQLite, a secret ballot) is answered by ``vote``, the general
    path, which says why."""
    user = request.user
    if is_htmx(request) and isinstance(user, User) and user.is_authenticated:
        recorded = services.vote_cast_at_once(
            actor=user, poll_pk=pk, choice=request.POST.get("choice", "")
        )
        if recorded is not None:
            return HttpResponse(_confirmed_card(recorded))
    return vote(request, pk)


# The confirmed card's time as ``voting/_ballot.html`` writes it, and the stand-in time the
# card is rendered with once (a time no vote has).
_CAST_AT_FORMAT = "Y-m-d H:i:s"
_STAND_IN = dt.datetime(1970, 1, 1)


def _confirmed_card(vote: NamedVote) -> str:
    """The ballot card confirming a named vote just recorded on the short path, as
    ``_ballot_fragment`` renders it (issue 26.1: no template render per vote): the template is
    rendered once per (poll, choice, language) in this process, with a stand-in time that each
    vote's own replaces."""
    cast_at = dateformat.format(timezone.localtime(vote.cast_at), _CAST_AT_FORMAT)
    head, tail = _card_around_the_time(vote.poll_id, vote.choice, translation.get_language())
    if tail is None:  # the template no longer shows the time as expected: render it whole
        return _card(vote)
    return head + cast_at + tail


@functools.lru_cache(maxsize=256)
def _card_around_the_time(poll_pk: int, choice: str, language: str) -> tuple[str, str | None]:
    """The card of a vote for ``choice`` in ``poll_pk``, in ``language``, cut around its
    time."""
    stand_in = timezone.make_aware(_STAND_IN)
    with translation.override(language):
        card = _card(NamedVote(poll_id=poll_pk, choice=choice, cast_at=stand_in))
    head, found, tail = card.partition(dateformat.format(stand_in, _CAST_AT_FORMAT))
    return (head, tail) if found else (card, None)


@receiver(autoreload.file_changed)
def _forget_cards(sender: Any, file_path: Any, **kwargs: Any) -> None:
    """The development server took in an edited template: render the cards again."""
    _card_around_the_time.cache_clear()


def _card(vote: NamedVote) -> str:
    poll = Poll(pk=vote.poll_id, kind=PollKind.NAMED, status=PollStatus.OPEN)
    return render_to_string(
        "voting/_ballot.html",
        {
            "is_voter": True,
            "has_voted": True,
            "my_vote": vote,
            "poll": poll,
            "notice": _("Your vote has been recorded."),
        },
    )


def redirect_303(to: str, **kwargs: Any) -> HttpResponseRedirect:
    """See Other: the browser follows a form's POST with a GET, whatever it is."""
    response = HttpResponseRedirect(reverse(to, kwargs=kwargs))
    response.status_code = 303
    return response


def _count(request: HttpRequest, name: str) -> int:
    """A count typed by the tellers: a whole number of at most six digits, else -1 (refused)."""
    text = request.POST.get(name, "").strip()
    return int(text) if text.isdecimal() and len(text) <= 6 else -1


@login_required
@require_POST
def paper_count(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R56: the tellers' paper count entered instead of the electronic vote."""
    user, poll = _preside(request, pk)
    marks = ("yes", "no", "abstain")
    if poll.kind == PollKind.NAMED:
        counts: dict[str, Any] = {m: _count(request, m) for m in marks}
    else:
        counts = {n: _count(request, n) for n in ("issued", "returned", "invalid")}
        counts["candidates"] = {
            c.pk: tuple(_count(request, f"c{c.pk}_{m}") for m in marks)
            for c in Candidate.objects.filter(poll=poll)
        }
    press(
        request,
        _("The paper count is recorded; the result is final."),
        services.poll_record_count,
        actor=user,
        poll=poll,
        **counts,
    )
    return redirect("voting:detail", pk=poll.pk)
