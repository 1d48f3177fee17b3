"""Who hears of the contact obligations' and meeting requests' state changes: this app's rows
of the one table of ``core.notices`` (issue 22, point 4). ``contacts/events.py`` writes the
event; the dispatcher reads these rows; the services call no ``notify``."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from .models import Contact, Link, MeetingRequest, Method, Opinion

DEPUTY_PAGE = "/contacts/deputy/"


def _deputy_page(event: Event, subject: Any) -> str:
    return DEPUTY_PAGE


def _its_deputy(event: Event, subject: Link | Contact | Opinion) -> list[Any]:
    return [subject.deputy.user]


def _office_over(organisation: Any) -> Any:
    return registry_selectors.users_with_role_over(organisation, frozenset({Role.OFFICE}))


def _request_office(event: Event, mr: MeetingRequest) -> Any:
    body = registry_selectors.congress_body(mr.term.congress_id)
    return _office_over(body) if body is not None else []


def _request_deputies(event: Event, mr: MeetingRequest) -> list[Any]:
    return [d.user for d in mr.deputies.select_related("user")]


def _request_url(event: Event, mr: MeetingRequest) -> str:
    return f"/contacts/meetings/{mr.pk}/"


# The rows the deputy of a link, contact or opinion hears of, on the deputy's page.
_to_deputy = partial(Notice, recipients=_its_deputy, url=_deputy_page)
# A step of a meeting request that the office of the deputies' congress acts on …
_to_office = partial(
    Notice,
    audience=gettext_lazy("the office of the deputies' congress (Art 34)"),
    recipients=_request_office,
    url=_request_url,
)
# … and one that the deputies asking hear of.
_to_deputies = partial(
    Notice,
    audience=gettext_lazy("the deputies asking"),
    recipients=_request_deputies,
    url=_request_url,
    name="deputies",
)


def _confirmed_title(event: Event, mr: MeetingRequest) -> Localized:
    when = f"{timezone.localtime(mr.meets_at):%Y-%m-%d %H:%M}" if mr.meets_at else ""
    return Localized(
        gettext_noop("Meeting with %(head)s on %(when)s at %(place)s"),
        head=mr.head,
        when=when,
        place=mr.place,
    )


register(
    _to_deputy(
        kind="contacts.linked",
        audience=gettext_lazy("the deputy linked to the member (R33)"),
        title=lambda e, link: Localized(
            gettext_noop("%(name)s of the Standing Committee is now linked to you"),
            name=link.holder.name,
        ),
    ),
    _to_deputy(
        kind="contacts.contact_logged",
        audience=gettext_lazy("the deputy contacted (R34)"),
        title=lambda e, c: Localized(
            gettext_noop("%(name)s recorded a contact with you (%(method)s, %(on)s)"),
            name=c.holder.name,
            method=Method(c.method).label,
            on=c.on.isoformat(),
        ),
    ),
    _to_deputy(
        kind="contacts.opinion_answered",
        audience=gettext_lazy("the deputy who raised the opinion (R35)"),
        title=lambda e, o: Localized(
            gettext_noop("Your opinion to %(name)s has been answered"), name=o.holder.name
        ),
        body=lambda e, o: o.answer[:500],
    ),
    Notice(
        kind="contacts.opinion_forwarded",
        audience=gettext_lazy("the office of the deputy-affairs body it is forwarded to"),
        recipients=lambda e, o: _office_over(o.forwarded_to),
        title=lambda e, o: Localized(
            gettext_noop("An opinion of deputy %(deputy)s was forwarded by %(name)s"),
            deputy=o.deputy.name,
            name=o.holder.name,
        ),
        url=lambda e, o: "/contacts/opinions/",
    ),
    _to_deputy(
        kind="contacts.opinion_forwarded",
        audience=gettext_lazy("the deputy who raised the opinion"),
        title=lambda e, o: Localized(
            gettext_noop("Your opinion to %(name)s was forwarded to %(body)s"),
            name=o.holder.name,
            body=o.forwarded_to.name,
        ),
        name="deputy",
    ),
    Notice(
        kind="contacts.activity_recorded",
        audience=gettext_lazy("the deputies taking part (R36, R38)"),
        recipients=lambda e, a: [d.user for d in a.participants.select_related("user")],
        title=lambda e, a: Localized(
            gettext_noop("%(org)s recorded your participation: %(title)s"),
            org=a.organisation.name,
            title=a.title,
        ),
        url=_deputy_page,
    ),
    _to_office(
        kind="contacts.meeting_requested",
        title=lambda e, mr: Localized(
            gettext_noop("Meeting request: %(subject)s"), subject=mr.subject
        ),
    ),
    _to_deputies(
        kind="contacts.meeting_requested",
        title=lambda e, mr: Localized(
            gettext_noop("You are among the deputies asking: %(subject)s"), subject=mr.subject
        ),
    ),
    Notice(
        kind="contacts.meeting_arranged",
        audience=gettext_lazy("the organ's staff, who confirm a date"),
        recipients=lambda e, mr: registry_selectors.users_with_role_over(
            mr.organ, frozenset({Role.HANDLING_UNIT})
        ),
        title=lambda e, mr: Localized(
            gettext_noop("Deputies ask to meet %(head)s: please confirm a date"), head=mr.head
        ),
        url=_request_url,
    ),
    _to_deputies(
        kind="contacts.meeting_arranged",
        title=lambda e, mr: _("Your meeting request is being arranged"),
    ),
    _to_deputies(kind="contacts.meeting_confirmed", title=_confirmed_title),
    _to_deputies(
        kind="contacts.meeting_held",
        title=lambda e, mr: Localized(
            gettext_noop("The outcome of your meeting with %(head)s"), head=mr.head
        ),
    ),
    _to_deputies(
        kind="contacts.meeting_declined", title=lambda e, mr: _("Your meeting request was declined")
    ),
    _to_office(
        kind="contacts.meeting_withdrawn",
        title=lambda e, mr: Localized(
            gettext_noop("The deputies withdrew their meeting request: %(subject)s"),
            subject=mr.subject,
        ),
    ),
)
