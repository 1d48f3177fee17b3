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

# R36 (Art 72): each special committee links 8-10 deputies whose field and expertise are
# close to its functions, as a professional deputy group led by the committee's head …
COMMITTEE_GROUP_MIN = 8
COMMITTEE_GROUP_MAX = 10
# … and the group meets once every half year.
HALF_YEARS = ((1, 6), (7, 12))


def committee_group_warning(count: int) -> bool:
    """R36: a group of 7 or of 11 deputies is off the rule (warned, not refused)."""
    return not COMMITTEE_GROUP_MIN <= count <= COMMITTEE_GROUP_MAX


def half_of(month: int) -> int:
    """R36: 0 for January-June, 1 for July-December."""
    return 0 if month <= 6 else 1


def committee_proposal_rank(*, matches: int, grassroots: bool, links: int) -> tuple:
    """R36 (Art 72): deputies whose expertise matches more of the committee's fields first;
    among equals grassroots deputies, then those in fewer groups."""
    return (-matches, not grassroots, links)


# R38 (Art 75.4): each leadership member of 一府一委两院 contacts "about 3" grassroots
# deputies: two to four is read as about three.
LEADER_LINKS = 3
LEADER_LINKS_ABOUT = (2, 4)
# R38 (Art 75.5): the principal leader invites at least 10 deputies to a forum at least once a
# year, and briefs deputies 1-2 times a year.
FORUM_MIN_DEPUTIES = 10
FORUMS_PER_YEAR = 1
BRIEFINGS_PER_YEAR = (1, 2)


def leader_links_ok(grassroots_links: int) -> bool:
    low, high = LEADER_LINKS_ABOUT
    return low <= grassroots_links <= high


def leader_contacts_ok(*, linked: int, contacted: int) -> bool:
    """R38 (Art 75): about three grassroots deputies linked, and about three of them
    actually contacted in the year (a link with no contact is not a contact)."""
    low, _high = LEADER_LINKS_ABOUT
    return leader_links_ok(linked) and contacted >= low


def forum_counts(participants: int) -> bool:
    """R38: a forum with 9 deputies does not satisfy the rule; 10 does."""
    return participants >= FORUM_MIN_DEPUTIES
