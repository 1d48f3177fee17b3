"""The numbers of chapter 4 of the regulation (Art 66-76, Art 34), each citing its rule id."""

from __future__ import annotations

# R33 (Art 67): each Standing Committee member is linked to 3 deputies, in principle of the
# member's own electoral unit, grassroots and front-line worker and farmer deputies first.
MEMBER_LINKS = 3
# R34 (Art 68): a member contacts each linked deputy at least twice a year.
MEMBER_CONTACTS_PER_DEPUTY = 2


def member_link_warning(count: int) -> bool:
    """R33: more (or fewer) than three linked deputies is worth a warning, not a refusal
    (a member may keep a fourth for a while, e.g. while a deputy's seat ends)."""
    return count != MEMBER_LINKS


def deputy_contact_ok(contacts_in_year: int) -> bool:
    """R34: two contacts with a linked deputy in the year satisfy the rule; one does not."""
    return contacts_in_year >= MEMBER_CONTACTS_PER_DEPUTY


def proposal_rank(*, same_unit: bool, frontline: bool, grassroots: bool, links: int) -> tuple:
    """R33 (Art 67): the order in which deputies are proposed to a member — own electoral
    unit first, then front-line workers and farmers, then other grassroots deputies, and
    among equals those linked to fewer members."""
    return (not same_unit, not frontline, not grassroots, links)


# Limits of free text typed on a phone.
MAX_NOTE_CHARS = 2000
MAX_OPINION_CHARS = 5000
