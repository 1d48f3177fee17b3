"""Legislation (R26-R27): stages with invited deputies, drafts, comments, adoption report."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities import selectors, services
from lvzhi.activities.models import Comment, Decision, LegislativeProject, StageKind
from lvzhi.core.errors import Conflict, IllegalTransition, NotFound, ValidationFailed
from lvzhi.registry.models import Deputy, Expertise, Term

from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _project(term: Term, tags: list[int] | None = None) -> LegislativeProject:
    committee = persona("committee").role_assignments.get().organisation
    return services.project_create(
        actor=persona("committee"),
        term=term,
        committee=committee,
        title="草原保护条例（修订）",
        expertise_ids=tags or [],
    )


def test_r26_stage_with_one_invited_deputy_warns(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 3, 1))  # type: ignore[operator]
    p = _project(pref_term)
    st = services.stage_open(
        actor=persona("committee"),
        project=p,
        kind=StageKind.RESEARCH,
        starts_on=dt.date(2027, 3, 2),
    )
    services.stage_invite(
        actor=persona("committee"), stage=st, deputies=[deputy_with_account(pref_term)]
    )
    [row] = selectors.stages_with_invitations(p)
    assert len(row["invitations"]) == 1
    assert row["warning"] != ""
    assert "2" in row["warning"]
    services.stage_invite(
        actor=persona("committee"),
        stage=st,
        deputies=[deputy_with_account(pref_term, exclude={row["invitations"][0].deputy_id})],
    )
    [row] = selectors.stages_with_invitations(p)
    assert len(row["invitations"]) == 2 and row["warning"] == ""


def test_r26_stage_opened_once(pref_term: Term) -> None:
    p = _project(pref_term)
    services.stage_open(
        actor=persona("committee"),
        project=p,
        kind=StageKind.DRAFTING,
        starts_on=dt.date(2027, 3, 2),
    )
    with pytest.raises(Conflict):
        services.stage_open(
            actor=persona("committee"),
            project=p,
            kind=StageKind.DRAFTING,
            starts_on=dt.date(2027, 4, 2),
        )
    with pytest.raises(ValidationFailed):
        services.stage_open(
            actor=persona("committee"), project=p, kind="bogus", starts_on=dt.date(2027, 4, 2)
        )
    assert p.stages.count() == 1


def test_r26_platform_proposes_deputies_by_matching_expertise(pref_term: Term) -> None:
    tag = Expertise.objects.get(name="法律")
    proposed = selectors.proposed_deputies(pref_term, [tag.pk])
    assert proposed
    assert all(d.expertise.filter(pk=tag.pk).exists() for d in proposed)
    assert all(d.memberships.filter(term=pref_term, status="serving").exists() for d in proposed)
    without = Deputy.objects.filter(memberships__term=pref_term).exclude(expertise=tag).first()
    assert without is not None and without not in proposed


def test_r26_only_the_committee_runs_the_project(pref_term: Term) -> None:
    p = _project(pref_term)
    with pytest.raises(NotFound):
        services.stage_open(
            actor=persona("deputy"),
            project=p,
            kind=StageKind.RESEARCH,
            starts_on=dt.date(2027, 3, 2),
        )
    assert p.stages.count() == 0


def test_r27_draft_comments_article_by_article_and_adoption_report(
    pref_term: Term, frozen: object
) -> None:
    frozen(dt.date(2027, 3, 1))  # type: ignore[operator]
    p = _project(pref_term)
    d = services.draft_open(
        actor=persona("committee"),
        project=p,
        title="草原保护条例（修订草案）",
        text=(
            "第一条 为了保护草原，制定本条例。\n第二条 本条例适用于自治州。\n"
            "补充说明\n第三条 本条例自公布之日起施行。"
        ),
        closes_on=dt.date(2027, 3, 31),
    )
    articles = list(d.articles.all())
    assert [a.number for a in articles] == [1, 2, 3]
    assert articles[1].text == "第二条 本条例适用于自治州。\n补充说明"
    a = deputy_with_account(pref_term)
    b = deputy_with_account(pref_term, exclude={a.pk})
    ca = services.comment_add(
        actor=a.user, article=articles[1], body="建议明确适用范围包括转场牧道。"
    )  # type: ignore[arg-type]
    cb = services.comment_add(actor=b.user, article=articles[2], body="建议明确施行日期。")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        services.comment_decide(
            actor=persona("committee"), comment=ca, decision=Decision.ADOPTED, reason=" "
        )
    services.comment_decide(
        actor=persona("committee"), comment=ca, decision=Decision.ADOPTED, reason="已修改第二条。"
    )
    services.comment_decide(
        actor=persona("committee"),
        comment=cb,
        decision=Decision.NOT_ADOPTED,
        reason="施行日期由公告确定。",
    )
    report = selectors.adoption_report(d)
    assert [(c.article.number, c.deputy_id, c.decision, c.reason) for c in report] == [
        (2, a.pk, Decision.ADOPTED, "已修改第二条。"),
        (3, b.pk, Decision.NOT_ADOPTED, "施行日期由公告确定。"),
    ]
    assert selectors.adoption_summary(report) == {
        "total": 2,
        "adopted": 1,
        "partly": 0,
        "not_adopted": 1,
        "pending": 0,
    }
    # The deputy cannot decide, and comments close after the date
    with pytest.raises(NotFound):
        services.comment_decide(actor=a.user, comment=cb, decision=Decision.ADOPTED, reason="x")  # type: ignore[arg-type]
    frozen(dt.date(2027, 4, 1))  # type: ignore[operator]
    with pytest.raises(IllegalTransition):
        services.comment_add(actor=a.user, article=articles[0], body="晚了")  # type: ignore[arg-type]
    assert Comment.objects.filter(article__draft=d).count() == 2
    assert [p.kind for p in selectors.participations_of(a.pk, 2027)] == ["draft_comment"]


def test_r27_staff_cannot_comment_as_a_deputy(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 3, 1))  # type: ignore[operator]
    p = _project(pref_term)
    d = services.draft_open(
        actor=persona("committee"),
        project=p,
        title="草案",
        text="第一条 内容",
        closes_on=dt.date(2027, 3, 5),
    )
    with pytest.raises(NotFound):
        services.comment_add(actor=persona("committee"), article=d.articles.get(), body="意见")
    with pytest.raises(ValidationFailed):
        services.draft_open(
            actor=persona("committee"),
            project=p,
            title="草案",
            text="第一条 内容",
            closes_on=dt.date(2027, 3, 1),
        )
