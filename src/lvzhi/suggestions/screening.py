"""R11 (Art 21): a screening that flags drafts which look like one of the excluded kinds.
It only flags, with the reason; staff confirm or clear (services.screening_decide)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules

# What staff read for each kind the screening flags (issue 22: the page showed
# "judicial_case: 判决、案件 no_substance: 56").
LABELS = {
    "judicial_case": gettext_lazy("Looks like a court case"),
    "forwarded_letter": gettext_lazy("Looks like a forwarded letter or petition"),
    "promotion": gettext_lazy("Looks like the promotion of a product or an academic work"),
    "complaint": gettext_lazy("Looks like a report or complaint against someone"),
    "personal_matter": gettext_lazy("Looks like a personal or family matter"),
}


def screen(title: str, body: str) -> list[dict[str, str]]:
    """Reasons a draft looks excluded: ``[{"kind": ..., "evidence": ...}]``."""
    text = f"{title}\n{body}"
    reasons = []
    for kind, words in rules.EXCLUSION_SIGNS.items():
        found = [w for w in words if w in text]
        if found:
            reasons.append({"kind": kind, "evidence": "、".join(found[:3])})
    if len("".join(body.split())) < rules.MIN_BODY_CHARS:
        reasons.append({"kind": "no_substance", "evidence": str(len("".join(body.split())))})
    return reasons


def describe(reason: dict[str, Any]) -> str:
    """One flag in words: "Looks like a court case (words found: 判决、案件)", "Too short to
    be a suggestion: 56 characters"."""
    kind, evidence = reason.get("kind", ""), reason.get("evidence", "")
    if kind == "no_substance":
        return _("Too short to be a suggestion: %(n)s characters, at least %(min)d") % {
            "n": evidence,
            "min": rules.MIN_BODY_CHARS,
        }
    label = LABELS.get(kind)
    if label is None:
        return str(evidence)
    return _("%(label)s (words found: %(words)s)") % {"label": label, "words": evidence}
