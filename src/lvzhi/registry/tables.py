"""The staff directory's table (issue 26.2: written in Python, ``core.tables``)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lvzhi.core.tables import Column, Table, link, tag, url

from .models import Membership
from .services import account_state
from .templatetags.registry_labels import code_label


def _name(m: Membership) -> SafeString:
    name = link(url("registry:deputy_detail", m.deputy_id), m.deputy.name)
    if m.deputy.is_grassroots:
        return SafeString(f"{name} {tag(_('grassroots'))}")
    return name


def _account(m: Membership) -> SafeString:
    state = str(account_state(m.deputy.user))
    return tag(code_label(state, "account"), f"account-{state}")


DIRECTORY: Table[Membership] = Table(
    "list deputies",
    (
        Column(_("Name"), _name),
        Column(_("Gender"), lambda m: code_label(m.deputy.gender, "gender")),
        Column(_("Ethnicity"), lambda m: code_label(m.deputy.ethnicity, "ethnicity")),
        Column(_("Level"), lambda m: code_label(m.level, "level")),
        Column(_("Electoral unit"), lambda m: m.electoral_unit.name),
        Column(_("Delegation"), lambda m: (m.delegation.name if m.delegation else "") or "—"),
        Column(_("Deputy group"), lambda m: (m.deputy_group.name if m.deputy_group else "") or "—"),
        Column(
            _("Occupational category"),
            lambda m: code_label(m.deputy.occupation_category, "occupation_category"),
        ),
        Column(_("Status"), lambda m: code_label(m.status, "status")),
        Column(_("Account"), _account),
    ),
    _("No deputy matches these filters."),
)
