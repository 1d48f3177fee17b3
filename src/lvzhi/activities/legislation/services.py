"""legislation: services."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import Conflict, IllegalTransition, NotFound, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.text import clean_text
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, Term

from .. import policies
from ..common.services import (
    contribution,
    decided,
    event,
    locked,
    require_committee,
    require_serving,
    text_field,
    title_field,
)
from ..models import Article, Comment, Draft, LegislativeProject, Stage, StageInvitation, StageKind

# ---- legislation (R26-R27) -----------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: User,
    term: Term,
    committee: Organisation,
    title: str,
    expertise_ids: Iterable[int] = (),
) -> LegislativeProject:
    require_committee(actor, committee, policies.can_run_legislation)
    p = LegislativeProject.objects.create(
        term=term,
        committee=committee,
        title=title_field(title),
        created_by=actor,
        created_at=clock.now(),
    )
    p.expertise.set(list(expertise_ids))
    event(f"project:{p.pk}", actor, "created")
    return p


def _project(actor: User, project: LegislativeProject) -> LegislativeProject:
    return locked(
        project,
        ("committee", "term"),
        lambda p: policies.can_run_legislation(actor, p.committee),
        _("No such legislative project."),
    )


@transaction.atomic
def stage_open(*, actor: User, project: LegislativeProject, kind: str, starts_on: dt.date) -> Stage:
    p = _project(actor, project)
    if kind not in StageKind.values:
        raise ValidationFailed(_("Choose the stage."), field="kind")
    if Stage.objects.filter(project=p, kind=kind).exists():
        raise Conflict(_("This stage has already been opened."))
    st = Stage.objects.create(project=p, kind=kind, starts_on=starts_on)
    event(f"project:{p.pk}", actor, "stage_opened", stage=kind)
    return st


@transaction.atomic
def stage_invite(*, actor: User, stage: Stage, deputies: Iterable[Deputy]) -> list[StageInvitation]:
    """R26: deputies with the relevant knowledge take part in each stage."""
    p = _project(actor, stage.project)
    st = Stage.objects.get(pk=stage.pk, project=p)
    out = []
    for d in deputies:
        require_serving(d, p.term, "deputies")
        inv, created = StageInvitation.objects.get_or_create(
            stage=st, deputy=d, defaults={"invited_at": clock.now()}
        )
        if created:
            out.append(inv)
    if not out:
        raise ValidationFailed(_("Choose deputies not invited yet."), field="deputies")
    event(f"project:{p.pk}", actor, "invited", stage=st.kind, deputies=[i.deputy_id for i in out])
    return out


ARTICLE_HEAD = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")


def split_articles(text: str) -> list[str]:
    """A draft's articles: each starts with 第…条; without such heads, each paragraph."""
    lines = clean_text(text).split("\n")
    if any(ARTICLE_HEAD.match(ln) for ln in lines):
        out: list[str] = []
        for ln in lines:
            if ARTICLE_HEAD.match(ln) or not out:
                out.append(ln.strip())
            elif ln.strip():
                out[-1] += "\n" + ln.strip()
        return [a for a in out if a]
    return [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]


@transaction.atomic
def draft_open(
    *, actor: User, project: LegislativeProject, title: str, text: str, closes_on: dt.date
) -> Draft:
    """R26, R27: the draft is opened to the deputies of the term for comments article by
    article; the deputies invited to the project are notified."""
    p = _project(actor, project)
    title = title_field(title)
    text = text_field(text, "text", _("The text of the draft"), max_length=100000)
    if closes_on <= clock.today():
        raise ValidationFailed(_("Comments must close after today."), field="closes_on")
    articles = split_articles(text)
    if len(articles) > 500:
        raise ValidationFailed(_("A draft has at most 500 articles."), field="text")
    d = Draft.objects.create(project=p, title=title, opened_at=clock.now(), closes_on=closes_on)
    Article.objects.bulk_create(
        [Article(draft=d, number=n, text=t) for n, t in enumerate(articles, start=1)]
    )
    event(f"project:{p.pk}", actor, "draft_opened", draft=d.pk, articles=len(articles))
    return d


@transaction.atomic
def comment_add(*, actor: User, article: Article, body: str) -> Comment:
    a = Article.objects.select_related("draft__project").get(pk=article.pk)
    d = policies.deputy_id(actor)
    if d is None or not registry_selectors.is_serving(d, a.draft.project.term_id):
        raise NotFound(_("No such draft."))
    if clock.today() > a.draft.closes_on:
        raise IllegalTransition(
            _("Comments on this draft closed on %(day)s.") % {"day": a.draft.closes_on}
        )
    c = contribution(Comment, body, _("The comment"), 5000, article=a, deputy_id=d)
    event(f"draft:{a.draft_id}", actor, "commented", article=a.number)
    return c


@transaction.atomic
def comment_decide(*, actor: User, comment: Comment, decision: str, reason: str) -> Comment:
    """R27: the committee states whether each comment was adopted, and why."""
    c = locked(
        comment,
        ("article__draft__project__committee",),
        lambda c: policies.can_run_legislation(actor, c.article.draft.project.committee),
        _("No such draft."),
    )
    c.decision, c.reason = decided(decision, reason)
    c.decided_at = clock.now()
    c.save(update_fields=["decision", "reason", "decided_at"])
    event(f"draft:{c.article.draft_id}", actor, "comment_decided", comment=c.pk, decision=decision)
    return c
