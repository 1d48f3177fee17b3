"""legislation: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.registry.models import Deputy, Expertise, Membership, MembershipStatus, Term

from .. import policies, rules
from ..common import selectors as common_selectors
from ..models import Article, Comment, Draft, LegislativeProject, Stage, StageInvitation

# ---- legislation ---------------------------------------------------------------------------


def projects_for(user: Any, q: str = "") -> QuerySet[LegislativeProject]:
    return common_selectors.visible(
        LegislativeProject.objects.select_related("committee", "term"),
        user,
        q,
        policies.LEGISLATION_ROLES,
        "committee",
        lambda d: Q(
            term_id__in=Membership.objects.filter(
                deputy_id=d, status=MembershipStatus.SERVING
            ).values("term_id")
        ),
        ("-created_at", "-id"),
    )


def stage_warning(invited: int) -> str:
    """R26: fewer than two deputies invited to a stage is warned."""
    return common_selectors.shortfall(
        invited,
        rules.MIN_DEPUTIES_PER_STAGE,
        _("Only %(n)d deputies invited; Art 50 asks for at least %(min)d with relevant knowledge."),
    )


def stages_with_invitations(project: LegislativeProject) -> list[dict[str, Any]]:
    stages = list(Stage.objects.filter(project=project).order_by("starts_on", "id"))
    invs: dict[int, list[StageInvitation]] = {}
    for inv in (
        StageInvitation.objects.filter(stage__project=project)
        .select_related("deputy")
        .order_by("id")
    ):
        invs.setdefault(inv.stage_id, []).append(inv)
    return [
        {
            "stage": s,
            "invitations": invs.get(s.pk, []),
            "warning": stage_warning(len(invs.get(s.pk, []))),
        }
        for s in stages
    ]


def proposed_deputies(
    term: Term, expertise_ids: list[int], exclude: list[int] | None = None, limit: int = 12
) -> list[Deputy]:
    """R26, R29: serving deputies of the term whose expertise matches, most matching tags
    first."""
    qs = (
        Deputy.objects.filter(
            memberships__term=term,
            memberships__status=MembershipStatus.SERVING,
            expertise__in=expertise_ids,
        )
        .exclude(pk__in=exclude or [])
        .annotate(matches=Count("expertise", filter=Q(expertise__in=expertise_ids), distinct=True))
        .order_by("-matches", "name_pinyin", "id")
    )
    return list(qs[:limit])


def adoption_report(draft: Draft) -> list[Comment]:
    """R27: every comment with its article, deputy, decision and reason."""
    return list(
        Comment.objects.filter(article__draft=draft)
        .select_related("article", "deputy")
        .order_by("article__number", "id")
    )


def adoption_summary(comments: list[Comment]) -> dict[str, int]:
    out = {"total": len(comments), "adopted": 0, "partly": 0, "not_adopted": 0, "pending": 0}
    for c in comments:
        out[c.decision] += 1
    return out


def project(pk: int) -> LegislativeProject | None:
    return LegislativeProject.objects.select_related("committee", "term").filter(pk=pk).first()


def expertise_of(p: LegislativeProject) -> list[Expertise]:
    return list(p.expertise.all())


def drafts_of(p: LegislativeProject) -> list[Draft]:
    return list(Draft.objects.filter(project=p))


def stage_of(p: LegislativeProject, stage_id: int) -> Stage | None:
    return Stage.objects.filter(pk=stage_id, project=p).first()


def invitation_count(st: Stage) -> int:
    return StageInvitation.objects.filter(stage=st).count()


def draft(pk: int) -> Draft | None:
    return Draft.objects.select_related("project__committee", "project__term").filter(pk=pk).first()


def articles_of(d: Draft) -> list[Article]:
    return list(Article.objects.filter(draft=d))


def article_of(d: Draft, article_id: int) -> Article | None:
    return Article.objects.filter(pk=article_id, draft=d).first()


def comment_of(d: Draft, comment_id: int) -> Comment | None:
    return Comment.objects.filter(pk=comment_id, article__draft=d).first()
