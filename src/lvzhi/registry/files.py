"""The registry's files made in the background (``core.filejobs``, issue 22.7): the deputy
list as a spreadsheet when it is large, and the activation letters of a whole organisation
(issue 21), with a progress bar on the page and on the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import events, filejobs, spreadsheets
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.http import DOCX
from lvzhi.core.models import AuditEvent

from . import exports, policies, selectors
from .forms import AccountFilterForm, AuditFilterForm, DirectoryFilterForm
from .models import Role
from .spreadsheet import headers_zh

DIRECTORY_KIND = "registry.directory"
LETTERS_KIND = "registry.letters"
INVITATIONS_KIND = "registry.invitations"
DIRECTORY_FORMATS = {"csv", "xlsx"}
# Rows the directory export writes inside the request; above it the export is a background
# file with a progress bar (issue 22.7: work above about a second is not done in the request).
DIRECTORY_INLINE_MAX_ROWS = 2000
# Letters hold live activation codes: their files are deleted with the codes' validity.
LETTERS_KEPT = dt.timedelta(days=7)


def directory_filters(
    user: Any, data: Mapping[str, str]
) -> tuple[DirectoryFilterForm, selectors.DirectoryFilters]:
    """The directory's filter form and filters from a query (the page's GET, or a job's
    parameters)."""
    query = filejobs.query_dict(data)
    form = DirectoryFilterForm(
        query or None,
        divisions=selectors.directory_divisions(),
        delegations=selectors.directory_delegations(user),
    )
    filters = selectors.DirectoryFilters()
    if query and form.is_valid():
        # The form's fields are the filters'; a query without a status keeps the default.
        c = form.cleaned_data
        status = c["status"] if "status" in query else "serving"
        filters = selectors.DirectoryFilters(**{**c, "status": status})
    return form, filters


def directory_rows(user: Any, filters: selectors.DirectoryFilters) -> Any:
    """The memberships an export writes, in the directory's order (``exports.directory_lines``
    reads them as values)."""
    return selectors.directory(user, filters)


def _check_directory(actor: Any, params: dict[str, str]) -> None:
    if not policies.can_use_directory(actor) or params.get("fmt") not in DIRECTORY_FORMATS:
        raise NotFound(_("No such document."))


def _make_directory(
    actor: Any, params: dict[str, str], progress: filejobs.Progress
) -> filejobs.Made:
    fmt = params.get("fmt", "xlsx")
    _form, filters = directory_filters(actor, filejobs.filters_of(params))
    rows = directory_rows(actor, filters)
    total = rows.count()
    progress(0, total)
    lines = filejobs.counted(exports.directory_lines(rows), total, progress)
    if fmt == "csv":
        text = "".join(spreadsheets.csv_lines(headers_zh(), lines))
        return filejobs.Made(text.encode("utf-8"), "代表名册.csv", "text/csv; charset=utf-8")
    return filejobs.Made(exports.lines_xlsx(lines), "代表名册.xlsx", spreadsheets.XLSX_TYPE)


def _check_letters(actor: Any, params: dict[str, str]) -> None:
    from .services import organisation_for_accounts

    organisation_for_accounts(actor, filejobs.require_param(params, "organisation"))


def _make_letters(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    """Invite every deputy of the organisation without an active account (new codes; SMS
    too when asked) and write their letters as one .docx (its PDF is made beside it)."""
    from .letters import activation_letters_docx, letter_for
    from .services import accounts_invite, organisation_for_accounts

    organisation = organisation_for_accounts(actor, filejobs.require_param(params, "organisation"))
    invitations = accounts_invite(
        actor=actor, organisation=organisation, sms=params.get("sms") == "1", progress=progress
    )
    if not invitations:
        raise ValidationFailed(_("Every deputy here already has an active account."))
    letters = [letter_for(i, params.get("url", "")) for i in invitations]
    data = activation_letters_docx(letters, title=_("Activation letter"), organ=organisation.name)
    return filejobs.Made(
        data,
        f"激活通知书-{organisation.name}.docx",
        DOCX,
    )


def _make_invitations(
    actor: Any, params: dict[str, str], progress: filejobs.Progress
) -> filejobs.Made:
    """Invite every deputy of the organisation without an active account, the codes sent by
    SMS only: the file is the list of who was invited and whether the text message left (no
    codes in it), for following up those without a mobile number."""
    from .services import accounts_invite, organisation_for_accounts

    organisation = organisation_for_accounts(actor, filejobs.require_param(params, "organisation"))
    invitations = accounts_invite(
        actor=actor, organisation=organisation, sms=True, progress=progress
    )
    if not invitations:
        raise ValidationFailed(_("Every deputy here already has an active account."))
    header = [_("Name"), _("User name"), _("Mobile"), _("Code sent by text message")]
    rows = (
        [i.deputy.name, i.user.username, i.deputy.phone_masked, i.sms_sent] for i in invitations
    )
    text = "".join(spreadsheets.csv_lines(header, rows))
    return filejobs.Made(
        text.encode("utf-8"), f"邀请结果-{organisation.name}.csv", "text/csv; charset=utf-8"
    )


# The administrators' lists exported as CSV (issue 22.7): the accounts (about 15,000), the audit
# log and the event log (unbounded). Each is one ``ListExport``: its filters, its rows and its
# columns, read by the page's direct download and by the background file alike.
ACCOUNTS_KIND = "registry.accounts"
AUDIT_KIND = "registry.audit"
EVENTS_KIND = "registry.events"


def _is_admin(user: Any) -> bool:
    return Role.ADMIN in policies.roles_of(user)


def _accounts_filtered(data: Mapping[str, str]) -> tuple[AccountFilterForm, Any]:
    query = filejobs.query_dict(data)
    form = AccountFilterForm(query or None)
    q, role = "", ""
    if form.is_valid():
        q, role = form.cleaned_data["q"], form.cleaned_data["role"]
    return form, selectors.accounts(q, role)


def _roles(a: Any) -> str:
    return "；".join(
        f"{g.get_role_display()}·{g.organisation.name}" for g in a.role_assignments.all()
    )


ACCOUNTS_COLUMNS = spreadsheets.Columns[Any](
    (gettext_lazy("User name"), lambda a: a.username),
    (gettext_lazy("Name and unit"), lambda a: a.display_name),
    (gettext_lazy("Roles"), _roles),
    (gettext_lazy("Status"), lambda a: _("active") if a.is_active else _("disabled")),
)


def _local_time(at: Any) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")


def _audit_filtered(data: Mapping[str, str]) -> tuple[AuditFilterForm, Any]:
    query = filejobs.query_dict(data)
    form = AuditFilterForm(query or None)
    qs = AuditEvent.objects.all()
    if form.is_valid():
        c = form.cleaned_data
        if c["q"]:
            qs = qs.filter(Q(object_label__contains=c["q"]) | Q(actor_label__contains=c["q"]))
        if c["action"]:
            qs = qs.filter(action__startswith=c["action"])
        if c["date_from"]:
            qs = qs.filter(at__date__gte=c["date_from"])
        if c["date_to"]:
            qs = qs.filter(at__date__lte=c["date_to"])
    return form, qs


AUDIT_COLUMNS = spreadsheets.Columns[Any](
    (gettext_lazy("Time"), lambda e: _local_time(e.at)),
    (gettext_lazy("Actor"), lambda e: e.actor_label),
    (gettext_lazy("Action"), lambda e: e.action_label),
    (gettext_lazy("Object"), lambda e: e.object_label),
    (gettext_lazy("Before"), lambda e: e.before or ""),
    (gettext_lazy("After"), lambda e: e.after or ""),
    (gettext_lazy("Source address"), lambda e: e.ip or ""),
)


def _events_filtered(data: Mapping[str, str]) -> tuple[AuditFilterForm, Any]:
    query = filejobs.query_dict(data)
    form = AuditFilterForm(query or None)
    c = form.cleaned_data if form.is_valid() else {}
    qs = events.search(
        q=c.get("q") or "",
        kind_prefix=c.get("action") or "",
        date_from=c.get("date_from"),
        date_to=c.get("date_to"),
    )
    return form, qs


EVENTS_COLUMNS = spreadsheets.Columns[Any](
    (gettext_lazy("Time"), lambda e: _local_time(e.occurred_at)),
    (gettext_lazy("Actor"), lambda e: e.actor_label),
    (gettext_lazy("Action"), lambda e: e.label),
    (gettext_lazy("Object"), lambda e: e.subject_label),
    (gettext_lazy("Details"), lambda e: e.data or ""),
)


ACCOUNTS = filejobs.ListExport(
    ACCOUNTS_KIND,
    gettext_lazy("Accounts"),
    "账号.csv",
    _is_admin,
    _accounts_filtered,
    ACCOUNTS_COLUMNS.header,
    ACCOUNTS_COLUMNS.lines,
)
AUDIT = filejobs.ListExport(
    AUDIT_KIND,
    gettext_lazy("Audit log"),
    "审计日志.csv",
    policies.can_browse_audit,
    _audit_filtered,
    AUDIT_COLUMNS.header,
    AUDIT_COLUMNS.lines,
)
EVENTS = filejobs.ListExport(
    EVENTS_KIND,
    gettext_lazy("Event log"),
    "event-log.csv",
    policies.can_browse_audit,
    _events_filtered,
    EVENTS_COLUMNS.header,
    EVENTS_COLUMNS.lines,
)
LIST_EXPORTS = (ACCOUNTS, AUDIT, EVENTS)


def register() -> None:
    for export in LIST_EXPORTS:
        filejobs.register(export.file_kind())
    filejobs.register(
        filejobs.FileKind(
            DIRECTORY_KIND, gettext_lazy("Deputies"), _check_directory, _make_directory
        )
    )
    filejobs.register(
        filejobs.FileKind(
            LETTERS_KIND,
            gettext_lazy("Activation letters"),
            _check_letters,
            _make_letters,
            with_pdf=True,
            keep_for=LETTERS_KEPT,
        )
    )
    filejobs.register(
        filejobs.FileKind(
            INVITATIONS_KIND,
            gettext_lazy("Invitations by text message"),
            _check_letters,
            _make_invitations,
        )
    )
