"""Issue 19.4: each row of the compliance view can be reproduced — its drill-down shows the
query behind its figure, with the congress and period filled in; R30 counts attendance per
meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef, Q

from lvzhi.compliance.outcomes import BEHIND, OK
from lvzhi.compliance.rule_registry import RULES
from lvzhi.meetings.models import CheckIn, Meeting, Participant

from .helpers import YEAR, congress, run, term
from .test_rules import _sc

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_rule_shows_the_query_of_its_figure_in_the_drill_down(login) -> None:
    client = login("office")
    c = congress()
    for rule in RULES:
        assert rule.query, rule.id
        page = client.get(f"/compliance/rules/{rule.key}/?congress={c.pk}&year={YEAR}&part=Y")
        assert page.status_code == 200, rule.id
        html = page.content.decode()
        assert 'id="query"' in html, rule.id
        shown = html.split('id="query"', 1)[1].split("</pre>", 1)[0]
        assert "{" not in shown, rule.id  # every placeholder filled
        assert str(YEAR) in shown, rule.id
        if "congress_id=" in rule.query:
            assert f"congress_id={c.pk}" in shown, rule.id
        if "term_id=" in rule.query:
            assert f"term_id={term().pk}" in shown, rule.id


def test_r30_figure_is_the_count_of_the_query_shown() -> None:
    """R30: the figure is what the statement in the drill-down counts — attendance per
    meeting (registered or checked in), not the invitations."""
    _sc("常委会一", D(YEAR, 3, 20), 10, 10, 7, attended=9)
    _sc("常委会二", D(YEAR, 6, 20), 10, 10, 7, attended=6)
    out = run("R30")
    reproduced = 0
    for m in Meeting.objects.filter(
        congress_id=congress().pk,
        kind="standing_committee",
        opens_at__date__range=(D(YEAR, 1, 1), D(YEAR, 12, 31)),
    ):
        came = (
            Participant.objects.filter(meeting=m, role="non_voting")
            .filter(
                Q(registered_at__isnull=False)
                | Exists(
                    CheckIn.objects.filter(sitting__meeting=m, deputy_id=OuterRef("deputy_id"))
                )
            )
            .values("deputy_id")
            .distinct()
            .count()
        )
        reproduced += came >= 8
    assert out.ok == reproduced == 1
    assert [i.state for i in out.items] == [OK, BEHIND]
