"""The regulation's numbers and small pure rules for proposals (R06-R10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

# R06 (Art 13): "由10名以上代表联名" — a proposal is put forward by at least 10 deputies
# jointly, the lead proposer counted as one of them (nine colleagues co-sign). A default each
# congress may change in ProposalSettings.
PROPOSAL_SIGNATORIES = 10

# R51 (Art 31; Local Organic Law "代表十人以上联名"): an interpellation needs 10 deputies in
# all, the lead included, like a proposal; an investigation committee or a recall motion needs
# one in N of all deputies of the congress's current term ("十分之一以上代表联名"), the lead
# included.
INTERPELLATION_SIGNATORIES = 10
INVESTIGATION_SHARE = 10
RECALL_SHARE = 10
# R52 (Art 34): between sessions, one in five of all deputies (the lead included) may propose
# an extraordinary session; it is put to the Standing Committee.
EXTRAORDINARY_SHARE = 5


def share_signatories(serving: int, share: int) -> int:
    """R51, R52: deputies in all (the lead included) to reach ``serving / share``."""
    return -(-serving // share)


# R07 (Art 15): matters that are not to be put forward as a proposal; the proposer confirms
# none applies before submitting.
EXCLUSIONS = (
    _("Matters within the competence of a higher congress or its Standing Committee"),
    _("Matters within the competence of a higher government or its departments"),
    _(
        "Local affairs for a regional work committee, the administrative office, a county "
        "Standing Committee or a county government"
    ),
    _(
        "Matters within the supervisory, judicial or procuratorial powers of the supervisory "
        "commission, the court or the procuratorate"
    ),
    _("Affairs of parties, social organisations, institutions, enterprises or individuals"),
    _("Other matters outside the competence of the prefecture congress and its Standing Committee"),
)

# R08 (Art 16): the three parts of a proposal, in the order the form shows them.
REQUIRED_PARTS = (
    ("subject", _("subject (案由)")),
    ("grounds", _("grounds (案据)")),
    ("plan", _("plan (方案)")),
)


# R51: the parts the other motions need.
MOTION_PARTS = {
    "interpellation": (
        ("subject", _("subject (案由)")),
        ("addressee", _("organ questioned")),
        ("grounds", _("questions and their grounds")),
    ),
    "investigation": (
        ("subject", _("specific question to investigate")),
        ("grounds", _("reasons")),
    ),
    "extraordinary": (
        ("subject", _("subject (案由)")),
        ("grounds", _("reasons")),
    ),
    "recall": (
        ("recall_target", _("person to be recalled")),
        ("grounds", _("reasons")),
    ),
}


def missing_parts(
    subject: str, grounds: str, plan: str, kind: str = "proposal", **other: str
) -> list[tuple[str, str]]:
    """R08, R51: (field, name) of each required part left empty."""
    values = {"subject": subject, "grounds": grounds, "plan": plan, **other}
    parts = MOTION_PARTS.get(kind, REQUIRED_PARTS)
    return [(key, str(label)) for key, label in parts if not values.get(key, "").strip()]


def missing_parts_of(p: Any) -> list[tuple[str, str]]:
    """R08, R51: the parts a proposal or motion ``p`` still lacks."""
    return missing_parts(
        p.subject,
        p.grounds,
        p.plan,
        p.kind,
        addressee=p.addressee,
        recall_target=p.recall_target,
    )


def signatories_still_needed(confirmed_cosigners: int, required: int) -> int:
    """R06, R51, R52: how many more co-signers must confirm so that the deputies in all, the
    lead counted as one, reach ``required`` (0 when enough)."""
    return max(required - 1 - confirmed_cosigners, 0)


def deadline_passed(deadline: dt.datetime | None, now: dt.datetime) -> bool:
    """R09: after the session's proposal deadline nothing more is received. A session
    without a deadline set receives no proposals either: the secretariat sets it."""
    return deadline is None or now > deadline


# R50 (Art 17): "建立代表提出议案前与有关部门沟通机制" — before handing a draft in (a proposal
# or a suggestion), its deputy may consult the departments concerned: the handling units of the
# congress's own level (the organs that would handle the draft, R10, R13). Only while the draft
# is a draft; the question and the answer are bounded texts.
CONSULTATION_DEPARTMENT_LEVEL_ONLY = True
CONSULTATION_QUESTION_MAX = 4000
CONSULTATION_ANSWER_MAX = 10000
