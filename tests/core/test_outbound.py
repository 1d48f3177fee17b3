"""Outbound notification channels (issue 9 item 5, SPEC section 8): email through Django's
mail backends, the SMS gateway and the webhook adapters against a real HTTP server on a local
port, retry with backoff and giving up, each account's choice, the offline default, never
twice, and no full phone number in logs or in the delivery log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from lvzhi.core import clock, crypto, outbound
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import ChannelPreference, Delivery, DeliveryStatus, Notification, User
from lvzhi.core.notifications import Message, notify, notify_many
from lvzhi.registry.models import Deputy

from . import http_sink

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _offline(settings: Any) -> None:
    """Every test starts from the offline default: no channel configured, tasks run inline."""
    settings.NOTIFY_EMAIL = False
    settings.NOTIFY_SMS_URL = ""
    settings.NOTIFY_SMS_TOKEN = ""
    settings.NOTIFY_WEBHOOK_HOSTS = []
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_SECONDS = 60
    settings.NOTIFY_HTTP_TIMEOUT = 3
    settings.NOTIFY_SITE_URL = "https://lvzhi.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sink() -> Iterator[http_sink.Sink]:
    s = http_sink.start()
    yield s
    http_sink.stop(s)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the after-commit enqueueing as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def u(name: str) -> User:
    return User.objects.get(username=name)


def deputy_with_phone() -> User:
    user = u("deputy")
    Deputy.objects.filter(user=user).update(
        phone_encrypted=crypto.encrypt(PHONE), phone_masked="139****5678"
    )
    return user


def test_offline_default_delivers_to_the_inbox_with_no_network_settings(on_commit: Any) -> None:
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    with on_commit():
        assert notify(users=[user], title="会议通知", key="offline-1") == 1
    assert Notification.objects.filter(user=user, key="offline-1").count() == 1
    assert outbound.outbound_channels() == []
    assert Delivery.objects.count() == 0 and mail.outbox == []


def test_email_goes_through_the_locmem_backend_once_per_key(settings: Any, on_commit: Any) -> None:
    settings.NOTIFY_EMAIL = True
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    with on_commit():
        notify(users=[user], title="会议通知：常委会第十次会议", url="/meetings/1/", key="mail-1")
    with on_commit():
        notify(users=[user], title="会议通知：常委会第十次会议", url="/meetings/1/", key="mail-1")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["deputy@example.org"] and sent.subject == "会议通知：常委会第十次会议"
    assert "https://lvzhi.example/meetings/1/" in sent.body
    d = Delivery.objects.get()
    assert (d.channel, d.status, d.attempts) == ("email", DeliveryStatus.SENT, 1)


def test_email_is_on_by_default_only_for_accounts_with_an_address(
    settings: Any, on_commit: Any
) -> None:
    settings.NOTIFY_EMAIL = True
    with_address, without = u("deputy"), u("office")
    with_address.email = "deputy@example.org"
    with_address.save(update_fields=["email"])
    User.objects.filter(pk=without.pk).update(email="")
    with on_commit():
        notify(users=[with_address, without], title="通知")
    assert [m.to for m in mail.outbox] == [["deputy@example.org"]]
    assert Notification.objects.filter(user=without, title="通知").exists()  # inbox still


def test_an_account_that_turned_email_off_gets_the_inbox_only(
    settings: Any, on_commit: Any
) -> None:
    settings.NOTIFY_EMAIL = True
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    outbound.preferences_save(actor=user, choices={"email": False})
    with on_commit():
        notify(users=[user], title="通知", key="pref-off")
    assert mail.outbox == [] and Delivery.objects.count() == 0
    assert Notification.objects.filter(user=user, key="pref-off").exists()


def test_sms_posts_to_the_gateway_with_the_token_and_logs_only_the_masked_number(
    settings: Any, sink: http_sink.Sink, on_commit: Any, caplog: Any
) -> None:
    settings.NOTIFY_SMS_URL = sink.url + "/send"
    settings.NOTIFY_SMS_TOKEN = "gateway-token"
    user = deputy_with_phone()
    outbound.preferences_save(actor=user, choices={"sms": True})
    caplog.set_level(logging.DEBUG)
    with on_commit():
        notify(users=[user], title="请于5月10日前答复", url="/suggestions/1/", key="sms-1")
    assert len(sink.received) == 1
    request = sink.received[0]
    assert request.path == "/send"
    assert request.headers["Authorization"] == "Bearer gateway-token"
    assert request.json() == {
        "to": PHONE,
        "text": "请于5月10日前答复 https://lvzhi.example/suggestions/1/",
    }
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert "139****5678" in caplog.text and PHONE not in caplog.text


def test_sms_is_off_by_default_even_with_a_phone(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_SMS_URL = sink.url
    user = deputy_with_phone()
    with on_commit():
        notify(users=[user], title="通知")
    assert sink.received == [] and Delivery.objects.count() == 0


def test_sms_failure_is_retried_after_the_backoff_and_then_sent(
    settings: Any, sink: http_sink.Sink, on_commit: Any, caplog: Any
) -> None:
    settings.NOTIFY_SMS_URL = sink.url
    user = deputy_with_phone()
    outbound.preferences_save(actor=user, choices={"sms": True})
    sink.statuses = [503]
    caplog.set_level(logging.DEBUG)
    with clock.frozen(T0):
        with on_commit():
            notify(users=[user], title="通知", key="sms-retry")
        d = Delivery.objects.get()
        assert (d.status, d.attempts, d.last_error) == (DeliveryStatus.PENDING, 1, "HTTP 503")
        assert d.next_attempt_at == T0 + dt.timedelta(seconds=60)
        assert outbound.send_due() == 0  # not before the backoff
        clock.advance(dt.timedelta(seconds=61))
        assert outbound.send_due() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.last_error) == (DeliveryStatus.SENT, 2, "")
    assert len(sink.received) == 2
    assert PHONE not in caplog.text  # the gateway's error body named the number


def test_sms_gives_up_after_the_configured_number_of_attempts(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_SMS_URL = sink.url
    user = deputy_with_phone()
    outbound.preferences_save(actor=user, choices={"sms": True})
    sink.statuses = [500] * 10
    with clock.frozen(T0):
        with on_commit():
            notify(users=[user], title="通知", key="sms-give-up")
        for _ in range(6):
            clock.advance(dt.timedelta(hours=1))
            outbound.send_due()
    d = Delivery.objects.get()
    assert (d.status, d.attempts, d.last_error) == (DeliveryStatus.FAILED, 3, "HTTP 500")
    assert len(sink.received) == 3
    assert PHONE not in d.last_error


def test_backoff_doubles_with_each_failure(settings: Any) -> None:
    assert [outbound.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_webhook_posts_json_signed_with_the_accounts_secret(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    user = u("office")
    outbound.preferences_save(actor=user, choices={}, webhook_url=sink.url + "/hook")
    url, secret = outbound.webhook_of(user)
    assert url == sink.url + "/hook" and len(secret) >= 32
    with on_commit():
        notify(users=[user], title="议案截止提醒", body="正文", url="/proposals/", key="hook-1")
    request = sink.received[0]
    expected = hmac.new(
        secret.encode(),
        request.headers["X-Lvzhi-Timestamp"].encode() + b"." + request.body,
        hashlib.sha256,
    ).hexdigest()
    assert request.headers["X-Lvzhi-Signature"] == "sha256=" + expected
    payload = request.json()
    assert payload["title"] == "议案截止提醒" and payload["key"] == "hook-1"
    assert payload["url"] == "https://lvzhi.example/proposals/"
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_webhook_unreachable_is_retried_then_gives_up(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    user = u("office")
    outbound.preferences_save(actor=user, choices={}, webhook_url=sink.url + "/hook")
    http_sink.stop(sink)  # nobody listens any more
    with clock.frozen(T0):
        with on_commit():
            notify(users=[user], title="通知", key="hook-down")
        d = Delivery.objects.get()
        assert d.status == DeliveryStatus.PENDING and d.last_error.startswith("connection failed")
        for _ in range(3):
            clock.advance(dt.timedelta(hours=1))
            outbound.send_due()
    d.refresh_from_db()
    assert (d.status, d.attempts) == (DeliveryStatus.FAILED, 3)


def test_webhook_only_to_hosts_the_administrator_allowed(settings: Any) -> None:
    settings.NOTIFY_WEBHOOK_HOSTS = ["hooks.intranet"]
    with pytest.raises(ValidationFailed):
        outbound.preferences_save(
            actor=u("office"), choices={}, webhook_url="http://169.254.169.254/latest"
        )
    outbound.preferences_save(
        actor=u("office"), choices={}, webhook_url="https://hooks.intranet/lvzhi"
    )
    assert outbound.webhook_of(u("office"))[0] == "https://hooks.intranet/lvzhi"


def test_a_delivery_is_sent_once_even_when_two_senders_try_it(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_SMS_URL = sink.url
    user = deputy_with_phone()
    outbound.preferences_save(actor=user, choices={"sms": True})
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with on_commit():
        notify(users=[user], title="通知", key="once")
    d = Delivery.objects.get()
    assert outbound.attempt(d.pk) is True
    assert outbound.attempt(d.pk) is False
    assert outbound.send_due() == 0
    assert len(sink.received) == 1


def test_notify_only_enqueues_the_sending(settings: Any, on_commit: Any) -> None:
    """The request that caused a notification writes rows and enqueues; it never sends."""
    settings.NOTIFY_EMAIL = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    with on_commit():
        notify(users=[user], title="通知", key="queued")
    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    from django_tasks import default_task_backend

    assert len(default_task_backend.results) == 1  # type: ignore[attr-defined]


def test_periodic_notify_many_routes_through_the_channels_never_twice(
    settings: Any, on_commit: Any
) -> None:
    settings.NOTIFY_EMAIL = True
    a, b = u("deputy"), u("office")
    User.objects.filter(pk__in=[a.pk, b.pk]).update(email="x@example.org")
    messages = [
        Message(user_ids=(a.pk, b.pk), title="答复期限提醒", key="r14:1"),
        Message(user_ids=(a.pk,), title="会议通知", key="r02:1"),
    ]
    with on_commit():
        assert notify_many(messages) == 3
    with on_commit():
        assert notify_many(messages) == 0
    assert sorted(m.subject for m in mail.outbox) == ["会议通知", "答复期限提醒", "答复期限提醒"]
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3


def _failed_delivery() -> Delivery:
    n = Notification.objects.create(user=u("deputy"), title="通知", created_at=clock.now())
    return Delivery.objects.create(
        notification=n,
        channel="email",
        status=DeliveryStatus.FAILED,
        attempts=3,
        last_error="mail backend (SMTPServerDisconnected)",
        created_at=clock.now(),
        next_attempt_at=clock.now(),
    )


def test_office_lists_failed_deliveries_without_the_notifications_text(
    login: Any, settings: Any
) -> None:
    d = _failed_delivery()
    Notification.objects.filter(pk=d.notification_id).update(title="市民意见：私密标题")
    page = login("office").get("/notifications/deliveries/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "SMTPServerDisconnected" in html and "私密标题" not in html
    csv = login("office").get("/notifications/deliveries/?format=csv")
    assert "SMTPServerDisconnected" in b"".join(csv.streaming_content).decode()


def test_office_sends_a_failed_delivery_again(login: Any, settings: Any, on_commit: Any) -> None:
    settings.NOTIFY_EMAIL = True
    User.objects.filter(username="deputy").update(email="deputy@example.org")
    d = _failed_delivery()
    client: Client = login("office")
    with on_commit():
        response = client.post(f"/notifications/deliveries/{d.pk}/retry/")
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.status, d.attempts) == (DeliveryStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_a_deputy_can_neither_list_nor_retry_deliveries(login: Any) -> None:
    d = _failed_delivery()
    client = login("deputy")
    assert client.get("/notifications/deliveries/").status_code == 404
    assert client.post(f"/notifications/deliveries/{d.pk}/retry/").status_code == 404
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED
    with pytest.raises(NotFound):
        outbound.delivery_retry(actor=u("deputy"), delivery_id=d.pk)


def test_the_channels_page_saves_the_accounts_choice(login: Any, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    settings.NOTIFY_SMS_URL = "http://127.0.0.1:18549/"
    client = login("deputy")
    page = client.get("/account/notifications/")
    assert page.status_code == 200 and 'name="channel_email"' in page.content.decode()
    response = client.post("/account/notifications/", {"channel_sms": "on"})
    assert response.status_code == 302
    assert dict(
        ChannelPreference.objects.filter(user=u("deputy")).values_list("channel", "enabled")
    ) == {"email": False, "sms": True}


def test_the_channels_page_offline_shows_the_inbox_only(login: Any) -> None:
    page = login("deputy").get("/account/notifications/")
    assert page.status_code == 200 and 'name="channel_' not in page.content.decode()


def test_r56_the_vote_path_neither_notifies_nor_enqueues_with_every_channel_configured(
    settings: Any, sink: http_sink.Sink
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks import default_task_backend

    from lvzhi.voting import services as voting

    from ..voting.helpers import named_poll

    settings.NOTIFY_EMAIL = True
    settings.NOTIFY_SMS_URL = sink.url
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    poll, people = named_poll(members=6, present=5)
    voting.poll_open(actor=u("office"), poll=poll)
    with CaptureQueriesContext(connection) as queries:
        voting.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "core_notification" not in touched and "core_delivery" not in touched
    assert default_task_backend.results == []  # type: ignore[attr-defined]
    assert sink.received == []


def test_webhook_redirect_is_not_followed(
    settings: Any, sink: http_sink.Sink, on_commit: Any
) -> None:
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    user = u("office")
    outbound.preferences_save(actor=user, choices={}, webhook_url=sink.url + "/hook")
    sink.statuses = [302]
    with on_commit():
        notify(users=[user], title="通知", key="hook-redirect")
    d = Delivery.objects.get()
    assert (d.status, d.last_error) == (DeliveryStatus.PENDING, "HTTP 302")
    assert [r.path for r in sink.received] == ["/hook"]


def test_a_key_longer_than_the_column_still_delivers_once(settings: Any, on_commit: Any) -> None:
    settings.NOTIFY_EMAIL = True
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    key = "meeting-opens:" + "x" * 150
    with on_commit():
        assert notify(users=[user], title="通知", key=key) == 1
    with on_commit():
        assert notify(users=[user], title="通知", key=key) == 0
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1


def test_a_notice_row_limited_to_the_inbox_sends_no_email(settings: Any, on_commit: Any) -> None:
    """core.notices: a row of the table names its channels; ``notify(channels=...)`` keeps the
    others out (the inbox is always written)."""
    settings.NOTIFY_EMAIL = True
    user = u("deputy")
    user.email = "deputy@example.org"
    user.save(update_fields=["email"])
    with on_commit():
        notify(users=[user], title="仅站内", key="inbox-only-1", channels=("inapp",))
        notify(users=[user], title="站内和邮件", key="with-mail-1", channels=("inapp", "email"))
    assert (
        Notification.objects.filter(user=user, key__in=["inbox-only-1", "with-mail-1"]).count() == 2
    )
    assert [m.subject for m in mail.outbox] == ["站内和邮件"]
