"""Chinese tokenisation (jieba) for search, "similar suggestions" (并案 help) and a
handling-unit recommendation learned from past assignments, which says why."""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import jieba
from django.utils.translation import gettext as _

from .models import Assignment, Status, Suggestion, UnitRole

jieba.setLogLevel(logging.WARNING)

# Words every suggestion uses; they say nothing about what it is about.
STOPWORDS = frozenset(
    [
        "关于",
        "建议",
        "我们",
        "进一步",
        "加强",
        "加快",
        "推进",
        "问题",
        "工作",
        "相关",
        "有关",
        "进行",
        "开展",
        "提升",
        "完善",
        "一是",
        "二是",
        "三是",
        "目前",
        "群众",
        "反映",
        "存在",
        "要求",
        "希望",
        "以及",
        "通过",
        "实施",
        "落实",
        "单位",
        "部门",
        "政府",
        "代表",
        "提出",
        "解决",
    ]
)
CANDIDATES = 3000  # the most recent suggestions of the term compared with a new one
MIN_SCORE = 0.12


def tokens(text: str) -> list[str]:
    """Search tokens: jieba's search mode, without stopwords, digits and single characters."""
    return [
        t
        for t in jieba.lcut_for_search(text)
        if len(t) > 1 and t not in STOPWORDS and not t.isdigit() and t.strip()
    ]


def token_string(title: str, body: str) -> str:
    # The title counts twice: it names the subject.
    return " ".join(tokens(title) * 2 + tokens(body))[:20000]


def _vector(text: str) -> Counter[str]:
    return Counter(text.split())


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def similar(s: Suggestion, limit: int = 5) -> list[tuple[Suggestion, float]]:
    """The most similar other suggestions of the same term (TF-IDF cosine), best first."""
    pool = list(
        Suggestion.objects.filter(term_id=s.term_id)
        .exclude(pk=s.pk)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .exclude(search_tokens="")
        .only("id", "number", "title", "status", "search_tokens", "term_id")
        .order_by("-id")[:CANDIDATES]
    )
    if not s.search_tokens or not pool:
        return []
    vectors = [_vector(p.search_tokens) for p in pool]
    df: Counter[str] = Counter()
    for v in vectors:
        df.update(v.keys())
    n = len(pool) + 1

    def weigh(v: Counter[str]) -> dict[str, float]:
        return {t: c * math.log((n + 1) / (df.get(t, 0) + 1)) for t, c in v.items()}

    mine = weigh(_vector(s.search_tokens))
    scored = [(p, _cosine(mine, weigh(v))) for p, v in zip(pool, vectors, strict=True)]
    scored = [(p, round(score, 2)) for p, score in scored if score >= MIN_SCORE]
    return sorted(scored, key=lambda x: -x[1])[:limit]


@dataclass
class Recommendation:
    unit_id: int
    unit_name: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def recommend_units(s: Suggestion, limit: int = 3) -> list[Recommendation]:
    """Lead units that handled similar suggestions, and that usually handle the category."""
    recs: dict[int, Recommendation] = {}
    neighbours = similar(s, limit=8)
    leads = {
        a.suggestion_id: a
        for a in Assignment.objects.filter(
            role=UnitRole.LEAD, suggestion_id__in=[p.pk for p, _score in neighbours]
        ).select_related("unit")
    }
    for p, score in neighbours:
        a = leads.get(p.pk)
        if a is None:
            continue
        rec = recs.setdefault(a.unit_id, Recommendation(a.unit_id, a.unit.name))
        rec.score += score
        if len(rec.reasons) < 2:
            rec.reasons.append(
                _(
                    "handled the similar suggestion No. %(number)s “%(title)s” "
                    "(similarity %(score).2f)"
                )
                % {"number": p.number or "—", "title": p.title, "score": score}
            )
    by_category = _category_leads(s.term_id, s.category)
    total = sum(by_category.values())
    for (unit_id, unit_name), count in by_category.most_common(3):
        share = count / total
        rec = recs.setdefault(unit_id, Recommendation(unit_id, unit_name))
        rec.score += share * 0.5
        rec.reasons.append(
            _("led %(count)d of %(total)d earlier suggestions of this category")
            % {"count": count, "total": total}
        )
    return sorted(recs.values(), key=lambda r: -r.score)[:limit]


def _category_leads(term_id: int, category: str) -> Counter[tuple[int, str]]:
    rows = Assignment.objects.filter(
        role=UnitRole.LEAD, suggestion__term_id=term_id, suggestion__category=category
    ).values_list("unit_id", "unit__name")
    return Counter(rows)


@lru_cache(maxsize=1)
def warm() -> bool:
    """Load jieba's dictionary once (about half a second) before the first request needs it."""
    jieba.initialize()
    return True
