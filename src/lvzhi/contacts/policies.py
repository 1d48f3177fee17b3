"""Who may do what with contact obligations (plain functions of user and object).

- the holder (a Standing Committee member …) sees their own page, logs their contacts and
  answers or forwards the opinions of their deputies;
- the Standing Committee office / deputy-affairs body (and administrators) manage holders and
  links within their scope, log on a holder's behalf, answer forwarded opinions and see every
  organisation's obligations;
- a deputy sees the contacts, opinions and answers that concern them.
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Organisation, OrgKind, Role

from .models import Holder, Opinion

OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
UNIT_ROLES = frozenset({Role.HANDLING_UNIT})
# 一府一委两院 (Art 74-76): the people's government, the supervisory commission, the court and
# the procuratorate.
ORGAN_ORG_KINDS = frozenset(
    {OrgKind.GOVERNMENT, OrgKind.SUPERVISORY_COMMISSION, OrgKind.COURT, OrgKind.PROCURATORATE}
)
# Organisations that carry chapter 4 obligations, and so have an obligations page.
OBLIGED_KINDS = frozenset({OrgKind.STANDING_COMMITTEE, OrgKind.SPECIAL_COMMITTEE}) | ORGAN_ORG_KINDS


def is_office(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & OFFICE_ROLES)


def can_see_meeting_requests(user: Any) -> bool:
    """The list of meeting requests (约见, R52): deputies, the office, handling units."""
    return (
        deputy_id(user) is not None
        or is_office(user)
        or Role.HANDLING_UNIT in registry_policies.roles_of(user)
    )


def office_over(user: Any, organisation: Organisation) -> bool:
    return is_office(user) and registry_policies.organisation_in_scope(
        user, organisation, OFFICE_ROLES
    )


def staff_over(user: Any, organisation: Organisation) -> bool:
    """Who keeps an organisation's chapter 4 records: the office within its scope; a special
    committee's own staff (a grant on that very committee, not the committee's wider scope);
    an organ's own handling-unit staff (R38, R39: handling units see their own obligations)."""
    if office_over(user, organisation):
        return True
    if organisation.kind == OrgKind.SPECIAL_COMMITTEE:
        return any(
            g.role == Role.COMMITTEE and g.organisation_id == organisation.pk
            for g in registry_policies.grants_of(user)
        )
    if organisation.kind in ORGAN_ORG_KINDS:
        return Role.HANDLING_UNIT in registry_policies.roles_of(
            user
        ) and registry_policies.organisation_in_scope(user, organisation, UNIT_ROLES)
    return False


def is_holder(user: Any, holder: Holder) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and holder.user_id == user.pk


def can_manage(user: Any, holder: Holder) -> bool:
    """Add and end links, see proposals (R33, R36, R38)."""
    return staff_over(user, holder.organisation)


def can_view(user: Any, holder: Holder) -> bool:
    return is_holder(user, holder) or can_manage(user, holder)


def can_log(user: Any, holder: Holder) -> bool:
    """R34: the member logs own contacts; the office may log for a member without account."""
    return holder.is_active and (is_holder(user, holder) or can_manage(user, holder))


def can_answer(user: Any, opinion: Opinion) -> bool:
    """R35: the member answers a raised opinion; the deputy-affairs body a forwarded one."""
    from .models import OpinionStatus

    if opinion.status == OpinionStatus.RAISED:
        return is_holder(user, opinion.holder) or can_manage(user, opinion.holder)
    if opinion.status == OpinionStatus.FORWARDED and opinion.forwarded_to is not None:
        return office_over(user, opinion.forwarded_to)
    return False


def can_forward(user: Any, opinion: Opinion) -> bool:
    from .models import OpinionStatus

    return opinion.status == OpinionStatus.RAISED and is_holder(user, opinion.holder)


# ---- meeting requests (Art 34) ---------------------------------------------------------------

# Organs whose head deputies may ask to meet (Art 34: 国家机关负责人).
MEETABLE_KINDS = ORGAN_ORG_KINDS | frozenset({OrgKind.GOVERNMENT_DEPARTMENT})


def _congress_body(request: Any) -> Organisation | None:
    from lvzhi.registry import selectors as registry_selectors

    return registry_selectors.congress_body(request.term.congress_id)


def is_requester(user: Any, request: Any) -> bool:
    d = deputy_id(user)
    return d is not None and any(x.pk == d for x in request.deputies.all())


def office_for_meeting(user: Any, request: Any) -> bool:
    """The office of the Standing Committee of the deputies' congress arranges (Art 34)."""
    body = _congress_body(request)
    return body is not None and office_over(user, body)


def organ_for_meeting(user: Any, request: Any) -> bool:
    """The organ's own handling-unit staff (or the office on its behalf) confirm the date."""
    organ = request.organ
    if office_over(user, organ):
        return True
    return Role.HANDLING_UNIT in registry_policies.roles_of(
        user
    ) and registry_policies.organisation_in_scope(user, organ, UNIT_ROLES)


def can_view_meeting(user: Any, request: Any) -> bool:
    return (
        is_requester(user, request)
        or office_for_meeting(user, request)
        or organ_for_meeting(user, request)
    )
