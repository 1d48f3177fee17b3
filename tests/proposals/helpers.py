"""Building blocks for proposal tests: the demo personas, the current prefecture session and
a quick path through the workflow."""

from __future__ import annotations

import datetime as dt

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal, Status
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Deputy, Organisation, Role, Session, Term

GROUNDS = "伊犁河流域部分河段生态流量不足，沿岸湿地萎缩，现行规定缺乏可操作的保护措施。"
PLAN = "制定自治州伊犁河流域生态保护条例，明确政府及部门职责、生态流量保障和法律责任。"
SUBJECT = "关于制定《伊犁哈萨克自治州伊犁河流域生态保护条例》的议案"


def u(name: str) -> User:
    return User.objects.get(username=name)


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def session() -> Session:
    return Session.objects.filter(term=term()).order_by("-number").first()  # type: ignore[return-value]


def before_deadline() -> dt.datetime:
    deadline = session().proposal_deadline
    assert deadline is not None
    return deadline - dt.timedelta(days=1)


def proposer() -> User:
    return u("deputy")


def colleagues(n: int) -> list[Deputy]:
    """Serving deputies of the term with an account, other than the persona."""
    found = list(
        Deputy.objects.filter(
            user__isnull=False, memberships__term=term(), memberships__status="serving"
        )
        .exclude(user__username="deputy")
        .select_related("user")
        .order_by("pk")[:n]
    )
    assert len(found) == n
    return found


def draft(**kw: object) -> Proposal:
    values: dict[str, object] = {
        "subject": SUBJECT,
        "grounds": GROUNDS,
        "plan": PLAN,
        "category": "legislation",
        "exclusions_confirmed": True,
    }
    values.update(kw)
    return services.draft_create(actor=proposer(), session=session(), **values)  # type: ignore[arg-type]


def signed(p: Proposal, n: int) -> list[Deputy]:
    """``n`` colleagues invited and confirmed."""
    ds = colleagues(n)
    for d in ds:
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=d)
        assert d.user is not None
        services.cosign_respond(actor=d.user, proposal=p, accept=True)
    return ds


def delegation_staff(p: Proposal) -> User:
    assert p.delegation is not None
    found = registry_selectors.users_with_role_over(p.delegation, frozenset({Role.UNIT_STAFF}))
    user = found.first()
    if user is None:
        user = User.objects.create_user(username="delegationstaff", password="x")
        registry_services.role_grant(
            actor=None, user=user, role=Role.UNIT_STAFF, organisation=p.delegation
        )
    return user


def received(n: int = 10) -> Proposal:
    """A proposal with ``n`` co-signers, received by the secretariat (through the
    delegation when the persona has one)."""
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, n)
        p = services.submit(actor=proposer(), proposal=p)
        if p.status == Status.AT_DELEGATION:
            p = services.forward(actor=delegation_staff(p), proposal=p)
    assert p.status == Status.SUBMITTED
    return p


def reported(day: dt.date) -> Proposal:
    p = received()
    sec = u("secretariat")
    services.recommend(
        actor=sec, proposal=p, text="建议提请审查。", on=day, document_no="秘〔2026〕1号"
    )
    return services.committee_report(
        actor=sec, proposal=p, text="建议列入议程。", on=day, document_no="审〔2026〕1号"
    )


def handling_unit() -> Organisation:
    return Organisation.objects.get(name="自治州教育局")
