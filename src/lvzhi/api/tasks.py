"""Background work of the API (Django Tasks): webhook dispatch and delivery."""

from __future__ import annotations

from django_tasks import task


@task()
def webhooks_run() -> int:
    """Dispatch new events to the subscriptions and send the due deliveries
    (``api.webhooks``); enqueued after a commit that wrote events, while any subscription is
    active. Retries wait for their time: ``lvzhi webhooks_send`` every minute sends them."""
    from .webhooks import run

    _written, sent = run()
    return sent
