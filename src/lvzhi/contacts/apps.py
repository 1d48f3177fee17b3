from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class ContactsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.contacts"
    verbose_name = _("Organs and deputies")
    seed_order = 30
    audit_actions = {
        "contacts.holder_created": _("Standing Committee member registered"),
        "contacts.holder_ended": _("Person no longer holds the contact obligation"),
        "contacts.linked": _("Deputy linked to a member"),
        "contacts.unlinked": _("Link between member and deputy ended"),
        "contacts.contact_logged": _("Contact with a deputy logged"),
        "contacts.opinion_answered": _("Deputy's opinion answered"),
        "contacts.opinion_forwarded": _("Deputy's opinion forwarded"),
        "contacts.activity_recorded": _("Group activity, forum or briefing recorded"),
        "contacts.report_generated": _("Year-end report on contacts generated"),
        "contacts.engagement_recorded": _(
            "Appointment or invitation of a deputy recorded with the office's consultation"
        ),
    }
    workflows = (
        ("workflow.MEETING", "Meeting request (约见, Art 34, R52)", 40),
        ("workflow.OPINION", "Opinion to a Standing Committee member (R35)", 41),
    )
