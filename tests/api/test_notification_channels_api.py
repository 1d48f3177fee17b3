"""An account reads and chooses its notification channels through the API (issue 9 item 5):
only the channels configured here, the same rules as the page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lvzhi.core.models import ChannelPreference

from ..suggestions.helpers import u
from ..suggestions.test_pages import as_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/notification-channels"


def put(client: Any, data: dict[str, Any]) -> Any:
    return client.put(URL, json.dumps(data), content_type="application/json")


def test_offline_the_api_offers_no_outbound_channel(settings: Any) -> None:
    settings.NOTIFY_EMAIL = False
    settings.NOTIFY_SMS_URL = ""
    settings.NOTIFY_WEBHOOK_HOSTS = []
    body = as_user(u("deputy")).get(URL).json()
    assert body == {"offered": [], "channels": {}, "webhook_url": ""}
    response = put(as_user(u("deputy")), {"channels": {"email": True}})
    assert response.status_code == 400 and response.json()["error"]["code"]


def test_an_account_turns_sms_on_and_email_off_through_the_api(settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    settings.NOTIFY_SMS_URL = "http://127.0.0.1:18549/"
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    client = as_user(u("deputy"))
    response = put(
        client,
        {"channels": {"email": False, "sms": True}, "webhook_url": "http://127.0.0.1:18548/h"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "offered": ["email", "sms", "webhook"],
        "channels": {"email": False, "sms": True, "webhook": True},
        "webhook_url": "http://127.0.0.1:18548/h",
    }
    assert ChannelPreference.objects.filter(user=u("deputy"), channel="sms", enabled=True).exists()
    refused = put(client, {"webhook_url": "http://10.0.0.1/"})
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "webhook_url"


def test_anonymous_callers_cannot_read_channels() -> None:
    from django.test import Client

    assert Client().get(URL).status_code == 401
