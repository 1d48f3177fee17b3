"""The API for every capability (issue 25.1): meetings, attendance and leave, published vote
results, citizens' opinions, duty records, evaluation and compliance — from the same selectors,
services and policies as the pages; cursor pagination; and the authorisation matrix over every
endpoint of the OpenAPI document for every role."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from lvzhi.activities.models import (
    Article,
    Comment,
    DeputyGroup,
    Draft,
    GroupActivity,
    Inspection,
    LegislativeProject,
    Material,
    Reply,
    Research,
    ResearchForward,
    Stage,
    Supervision,
    Thread,
    Training,
)
from lvzhi.api import services
from lvzhi.contacts.models import Holder, Link
from lvzhi.core import clock
from lvzhi.core.models import AuditEvent, User
from lvzhi.meetings.models import LeaveRequest, Meeting, Participant, Sitting
from lvzhi.registry.models import Deputy, Membership, Organisation
from lvzhi.stations.models import Opinion
from lvzhi.suggestions.models import Suggestion
from lvzhi.voting.models import Poll

pytestmark = pytest.mark.django_db

ROLES = [
    "deputy",
    "yining",
    "chabuchaer",
    "office",
    "secretariat",
    "committee",
    "scmember",
    "handling",
    "station",
    "admin",
]


def u(name: str) -> User:
    return User.objects.get(username=name)


def token_of(name: str) -> dict[str, str]:
    _row, raw = services.token_create(actor=u(name), name="矩阵", scopes=services.all_scopes())
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def ids() -> dict[str, int]:
    poll = Poll.objects.filter(published_at__isnull=False).order_by("id").first()
    assert poll is not None
    return {
        "deputy_id": Deputy.objects.order_by("id").values_list("id", flat=True)[0],
        "suggestion_id": Suggestion.objects.order_by("id").values_list("id", flat=True)[0],
        "meeting_id": Meeting.objects.order_by("id").values_list("id", flat=True)[0],
        "sitting_id": Sitting.objects.order_by("id").values_list("id", flat=True)[0],
        "leave_id": LeaveRequest.objects.order_by("id").values_list("id", flat=True).first() or 1,
        "poll_id": poll.pk,
        "opinion_id": Opinion.objects.order_by("id").values_list("id", flat=True)[0],
        "seat_id": Membership.objects.order_by("id").values_list("id", flat=True)[0],
        "proposal_id": 1,
        "subscription_id": 1,
        "request_id": 1,
        "group_id": DeputyGroup.objects.order_by("id").values_list("id", flat=True).first() or 1,
        "inspection_id": Inspection.objects.order_by("id").values_list("id", flat=True).first()
        or 1,
        "research_id": Research.objects.order_by("id").values_list("id", flat=True).first() or 1,
        **{name: _first_id(model) for name, model in MORE_IDS.items()},
    }


# The path parameters of legislation, supervision, training, the forum and the contacts.
MORE_IDS: dict[str, Any] = {
    "project_id": LegislativeProject,
    "stage_id": Stage,
    "draft_id": Draft,
    "article_id": Article,
    "comment_id": Comment,
    "supervision_id": Supervision,
    "training_id": Training,
    "material_id": Material,
    "thread_id": Thread,
    "reply_id": Reply,
    "holder_id": Holder,
    "link_id": Link,
    "org_id": Organisation,
    "activity_id": GroupActivity,
    "forward_id": ResearchForward,
}


def _first_id(model: Any) -> int:
    return model.objects.order_by("id").values_list("id", flat=True).first() or 1


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = Client().get("/api/v1/openapi.json").json()
    return [(m.upper(), p, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


def call(client: Client, method: str, path: str, **extra: Any) -> Any:
    if method == "GET":
        return client.get(path, **extra)
    if method == "PUT":
        return client.put(path, "{}", content_type="application/json", **extra)
    return client.post(path, "{}", content_type="application/json", **extra)


def test_authorisation_matrix_every_endpoint_for_every_role() -> None:
    """Every operation of the document, for anonymous callers and a full-scope token of each
    role: without credentials 401 (public paths 200/404); with them an answer the document
    declares for that operation and never a server error. An empty body to an action (POST) is
    a 400 naming a field, or a refusal (403/404/409) — never a change made from nothing."""
    known = ids()
    tokens = {role: token_of(role) for role in ROLES}
    for method, path, op in operations():
        url = re.sub(r"\{(\w+)\}", lambda m: str(known[m.group(1)]), path)
        declared = {int(c) for c in op["responses"]}
        anonymous = call(Client(), method, url)
        if path.startswith("/api/v1/public/"):
            assert anonymous.status_code in {200, 404}, (method, path)
        else:
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
        for role, header in tokens.items():
            answer = call(Client(), method, url, **header)
            assert answer.status_code in declared, (role, method, path, answer.status_code)
            assert answer.status_code < 500
            if method == "POST" and "requestBody" in op:
                assert answer.status_code in {400, 403, 404, 409}, (role, method, path)


# Each API read and the page showing the same thing: the API answers 200 exactly when the page
# does, for every role (one set of policies).
PAIRS = [
    ("/api/v1/meetings/{meeting_id}", "/meetings/{meeting_id}/"),
    ("/api/v1/stations/opinions/{opinion_id}", "/stations/opinions/{opinion_id}/"),
    ("/api/v1/records/seats/{seat_id}/archive?year={year}", "/records/{seat_id}/{year}/"),
    ("/api/v1/suggestions/{suggestion_id}", "/suggestions/{suggestion_id}/"),
    ("/api/v1/records/evaluation", "/records/evaluation/"),
    ("/api/v1/compliance/table", "/compliance/"),
]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_what_the_page_shows_for_each_role(role: str, login: Any) -> None:
    year = clock.today().year
    opinion = Opinion.objects.order_by("id").first()
    seat = Membership.objects.filter(deputy__user__username="deputy").first()
    assert opinion is not None and seat is not None
    meeting = Participant.objects.filter(deputy=seat.deputy).values_list("meeting_id", flat=True)[0]
    suggestion = Suggestion.objects.filter(proposer=seat.deputy).first()
    assert suggestion is not None
    values = {
        "meeting_id": meeting,
        "opinion_id": opinion.pk,
        "seat_id": seat.pk,
        "suggestion_id": suggestion.pk,
        "year": year,
    }
    header = token_of(role)
    client = login(role)
    for api_path, page_path in PAIRS:
        api_url = api_path.format(**values)
        page = client.get(page_path.format(**values))
        answer = Client().get(api_url, **header)
        assert (page.status_code == 200) == (answer.status_code == 200), (
            role,
            api_url,
            page.status_code,
            answer.status_code,
        )


def test_meetings_walk_by_cursor_without_repeats_or_gaps() -> None:
    header = token_of("admin")
    seen: list[int] = []
    url = "/api/v1/meetings?limit=1&ordering=opens_at"
    while url:
        body = Client().get(url, **header).json()
        seen += [m["id"] for m in body["items"]]
        nxt = body["next_cursor"]
        url = f"/api/v1/meetings?limit=1&ordering=opens_at&cursor={nxt}" if nxt else ""
    expected = list(Meeting.objects.order_by("opens_at", "id").values_list("id", flat=True))
    assert seen == expected and len(seen) > 1


@pytest.mark.parametrize(
    "bad", ["x", "eyJ4Ijox", "WyJub3QtYS1kYXRlIiwxXQ", "W251bGwsMV0", "WzEsLTFd"]
)
def test_a_bad_cursor_is_a_400_naming_the_cursor(bad: str) -> None:
    answer = Client().get(f"/api/v1/meetings?ordering=opens_at&cursor={bad}", **token_of("admin"))
    assert answer.status_code == 400 and answer.json()["error"]["field"] == "cursor"


def test_a_deputy_asks_for_leave_and_the_delegation_decides_through_the_api() -> None:
    deputy = Deputy.objects.get(user__username="deputy")
    meeting = Meeting.objects.filter(
        participants__deputy=deputy, participants__role="member"
    ).first()
    assert meeting is not None
    LeaveRequest.objects.filter(deputy=deputy).delete()
    made = Client().post(
        f"/api/v1/meetings/{meeting.pk}/leave-requests",
        '{"reason": "出差"}',
        content_type="application/json",
        **token_of("deputy"),
    )
    assert made.status_code == 201, made.content
    leave_id = made.json()["id"]
    # A delegation that does not hold this deputy does not even see the request.
    deciders = [r for r in ROLES if r in ("yining", "chabuchaer")]
    answers = {
        r: Client()
        .post(
            f"/api/v1/meetings/leave-requests/{leave_id}/decide",
            '{"approve": true}',
            content_type="application/json",
            **token_of(r),
        )
        .status_code
        for r in deciders
    }
    assert sorted(answers.values()) == [200, 404], answers
    assert LeaveRequest.objects.get(pk=leave_id).status == "approved"


def test_opinion_contact_data_only_to_handlers_and_every_access_logged() -> None:
    opinion = Opinion.objects.order_by("id").first()
    assert opinion is not None
    station = token_of("station")
    listing = Client().get("/api/v1/stations/opinions?limit=100", **station)
    assert listing.status_code == 200
    full_phones = set(Opinion.objects.values_list("phone_masked", flat=True))
    assert all(item["phone_masked"] in full_phones for item in listing.json()["items"])
    assert "phone_encrypted" not in listing.content.decode()
    visible = [item["id"] for item in listing.json()["items"]]
    assert visible
    target = visible[0]
    before = AuditEvent.objects.filter(action="opinion.contact_revealed").count()
    shown = Client().post(f"/api/v1/stations/opinions/{target}/contact", **station)
    assert shown.status_code == 200 and shown.json()["phone"]
    assert "*" not in shown.json()["phone"]
    assert AuditEvent.objects.filter(action="opinion.contact_revealed").count() == before + 1
    for outsider in ("yining", "committee", "handling"):
        refused = Client().post(f"/api/v1/stations/opinions/{target}/contact", **token_of(outsider))
        assert refused.status_code == 404, outsider
    assert AuditEvent.objects.filter(action="opinion.contact_revealed").count() == before + 1


def test_only_published_results_leave_and_never_a_ballot() -> None:
    header = token_of("admin")
    body = Client().get("/api/v1/voting/results?limit=100", **header)
    assert body.status_code == 200 and body.json()["items"]
    published = set(Poll.objects.filter(published_at__isnull=False).values_list("id", flat=True))
    assert {p["id"] for p in body.json()["items"]} <= published
    text = body.content.decode()
    assert "tracker" not in text and "ballot_id" not in text and "private" not in text
    hidden = Poll.objects.filter(published_at__isnull=True).first()
    if hidden is not None:
        assert Client().get(f"/api/v1/voting/results/{hidden.pk}", **header).status_code == 404
