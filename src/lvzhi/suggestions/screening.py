"""R11 (Art 21): a screening that flags drafts which look like one of the excluded kinds.
It only flags, with the reason; staff confirm or clear (services.screening_decide)."""

from __future__ import annotations

from . import rules


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
