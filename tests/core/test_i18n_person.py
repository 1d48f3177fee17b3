"""Issue 24, item 5: language follows the person. A deputy's preferred language is stored on
the account, set on their own settings page, and used for their notifications (in-app, SMS and
e-mail copies are written from the same row), the pages after sign-in, and their documents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import gettext_noop

from lvzhi.core import bidi, i18n
from lvzhi.core.i18n import Localized
from lvzhi.core.models import AuditEvent, Notification, User
from lvzhi.core.notifications import Message, notify, notify_many

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]")
TITLE = "关于加快通村公路提升改造的建议"


def _deputy(language: str = "") -> User:
    user = User.objects.get(username="deputy")
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_deputy_sets_the_preferred_language_on_their_own_page(login: Any) -> None:
    client = login("deputy")
    page = client.get("/account/notifications/").content.decode()
    assert 'id="my-language"' in page and 'name="language"' in page
    response = client.post("/account/language/", {"language": "ug"})
    assert response.status_code == 302
    user = User.objects.get(username="deputy")
    assert user.language == "ug"
    assert response.cookies["django_language"].value == "ug"
    assert AuditEvent.objects.filter(action="account.language_chosen", actor=user).exists()
    # The settings page now speaks Uyghur, right to left.
    assert '<html lang="ug" dir="rtl">' in client.get("/account/notifications/").content.decode()


def test_an_unknown_language_is_refused_and_nothing_changes(login: Any) -> None:
    client = login("deputy")
    client.post("/account/language/", {"language": "xx"})
    assert User.objects.get(username="deputy").language == ""


def test_sign_in_brings_the_preferred_language_to_any_browser(password: str) -> None:
    _deputy("kk")
    client = Client()
    client.force_login(User.objects.get(username="deputy"))  # fires user_logged_in
    from lvzhi.core import clock

    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    body = client.get("/account/notifications/").content.decode()
    assert '<html lang="kk" dir="rtl">' in body
    # The language links still switch one browser at once.
    client.cookies["django_language"] = "zh-hans"
    assert (
        '<html lang="zh-hans" dir="ltr">' in client.get("/account/notifications/").content.decode()
    )


def test_a_notification_is_written_in_each_recipients_language() -> None:
    """One call, two deputies: the Uyghur one reads Uyghur with the Chinese title isolated
    (FSI … PDI, also in the SMS and e-mail made from the row); the other reads Chinese."""
    uyghur = _deputy("ug")
    chinese = User.objects.create_user(username="zh-deputy", password="x")
    notify(
        users=[uyghur, chinese],
        title=Localized(gettext_noop("Invitation to co-sign: %(title)s"), title=TITLE),
        key="t:invite",
    )
    ug = Notification.objects.get(user=uyghur, key="t:invite").title
    zh = Notification.objects.get(user=chinese, key="t:invite").title
    assert ug.startswith("بىرلىكتە ئىمزا قويۇشقا تەكلىپنامە")
    assert f"{bidi.FSI}{TITLE}{bidi.PDI}" in ug
    assert HAN.sub("", ug.replace(TITLE, "")) == ug.replace(TITLE, "")  # no other Chinese
    assert zh == f"联名邀请：{TITLE}"  # Chinese, no isolates


def test_periodic_messages_are_also_written_in_each_recipients_language() -> None:
    kazakh = _deputy("kk")
    notify_many(
        [
            Message(
                user_ids=(kazakh.pk,),
                title=Localized(
                    gettext_noop("Reply due on %(due)s: %(title)s"), due="2026-12-07", title=TITLE
                ),
                key="t:due",
            )
        ]
    )
    title = Notification.objects.get(user=kazakh, key="t:due").title
    assert title.startswith("جاۋاپ مەرزىمى")
    assert f"{bidi.FSI}2026-12-07{bidi.PDI}" in title


def test_a_service_notifies_the_deputy_in_their_language() -> None:
    """suggestions.services.cosigner_invite: the invited deputy prefers Kazakh."""
    from lvzhi.suggestions import services
    from tests.suggestions.helpers import draft, fellow_deputies

    s = draft()
    other = fellow_deputies(1)[0]
    other.user.language = "kk"
    other.user.save(update_fields=["language"])
    services.cosigner_invite(actor=_deputy(), suggestion=s, deputy=other)
    title = Notification.objects.filter(user=other.user).latest("pk").title
    assert title.startswith("بىرلەسىپ قول قويۋعا شاقىرۋ")
    assert s.title in title


def test_documents_are_made_in_the_deputys_language(login: Any) -> None:
    """The duty handbook (.docx) of a deputy who prefers Uyghur: Uyghur headings, the date
    in Uyghur, right-to-left paragraphs; Chinese for everyone else (records' own tests)."""
    import io
    import zipfile

    from lvzhi.core import clock
    from lvzhi.registry.models import Level, Membership

    _deputy("ug")
    seat = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )
    year = clock.today().year
    response = login("deputy").get(f"/records/{seat.pk}/{year}/handbook.docx")
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "ۋەكىلنىڭ ۋەزىپە ئادا قىلىش دەپتىرى" in xml  # "Deputy's duty handbook"
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml


def test_i18n_language_of_falls_back_to_chinese() -> None:
    assert i18n.language_of(None) == "zh-hans"
    assert i18n.language_of(User(language="kk")) == "kk"
    assert i18n.language_of(User(language="xx")) == "zh-hans"


def test_a_leave_decision_reaches_the_deputy_in_their_language_status_included() -> None:
    """meetings.services.leave_decide: the deputy prefers Uyghur; the status inside the
    notification (a choice's label) is in Uyghur too, not in the deciding staff's Chinese."""
    from lvzhi.meetings import services
    from tests.meetings.helpers import sc_meeting, sitting_now, u

    meeting, people = sc_meeting(members=2)
    d = people[1]
    d.user.language = "ug"
    d.user.save(update_fields=["language"])
    leave = services.leave_request(
        actor=d.user, meeting=meeting, sitting=sitting_now(meeting), reason="出差"
    )
    services.leave_decide(actor=u("admin"), leave=leave, approve=True)
    title = Notification.objects.filter(user=d.user).latest("pk").title
    assert title.startswith("رۇخسەت ئىلتىماسىڭىز")
    assert not HAN.search(title), title
