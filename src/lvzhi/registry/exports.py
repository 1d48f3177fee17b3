"""Exports of the deputy list as xlsx and CSV (ID and phone numbers stay masked)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .codes import Education, Ethnicity, Gender, Language, OccupationCategory, PoliticalStatus
from .models import Membership
from .spreadsheet import COLUMNS, headers_zh, label

# The values the importer accepts, so an export can be imported again.
YES_NO = {True: "是", False: "否"}
SHEET_TITLE = _("Deputies")


def row_for(m: Membership) -> list[str]:
    d = m.deputy
    with translation.override("zh-hans"):
        return [
            d.name,
            label(Gender, d.gender),
            label(Ethnicity, d.ethnicity),
            d.birth_date.isoformat(),
            d.id_number_masked,
            label(PoliticalStatus, d.political_status),
            label(Education, d.education) if d.education else "",
            d.position,
            label(OccupationCategory, d.occupation_category),
            YES_NO[d.is_grassroots],
            YES_NO[d.is_frontline],
            YES_NO[d.holds_leading_post],
            "、".join(t.name for t in d.expertise.all()),
            "、".join(label(Language, lang) for lang in d.languages),
            d.public_contact,
            d.phone_masked,
            m.electoral_unit.name,
            m.delegation.name if m.delegation else "",
            m.deputy_group.name if m.deputy_group else "",
            m.elected_on.isoformat(),
        ]


def _header_style(ws: object) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFE8D5D5")
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)  # type: ignore[attr-defined]
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[get_column_letter(i)].width = column.width  # type: ignore[attr-defined]


def template_xlsx() -> bytes:
    """The empty import template with one example row and an instruction sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws.append(headers_zh())
    _header_style(ws)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("填写说明")
    help_ws.append(["列", "说明", "示例"])
    with translation.override("zh-hans"):
        for c in COLUMNS:
            help_ws.append(
                [str(c.header) + ("（必填）" if c.required else ""), _help_text(c.key), c.example]
            )
        help_ws.append([])
        help_ws.append(["民族可填写", "、".join(str(lbl) for _v, lbl in Ethnicity.choices)])
        help_ws.append(
            ["政治面貌可填写", "、".join(str(lbl) for _v, lbl in PoliticalStatus.choices)]
        )
        help_ws.append(
            ["职业类别可填写", "、".join(str(lbl) for _v, lbl in OccupationCategory.choices)]
        )
    help_ws.column_dimensions["A"].width = 24
    help_ws.column_dimensions["B"].width = 60
    help_ws.column_dimensions["C"].width = 24
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HELP_TEXTS = {
    "id_number": _(
        "18 characters, the last may be X; the check digit is verified. A masked number (with *) "
        "from an export means: keep the number on file."
    ),
    "birth_date": _("Write 1982-05-17; it must match the birth date in the ID number."),
    "elected_on": _("Write 2021-12-20."),
    "electoral_unit": _("The full name of an electoral unit registered in the platform."),
    "delegation": _("The full name of a delegation registered in the platform; may be empty."),
    "deputy_group": _("The full name of a deputy group registered in the platform; may be empty."),
    "expertise": _("Separate several with 、."),
    "languages": _("For example 汉语、维吾尔语、哈萨克语、蒙古语、锡伯语、柯尔克孜语、俄语."),
    "is_grassroots": _("Write 是 or 否."),
    "is_frontline": _("Write 是 or 否."),
    "holds_leading_post": _(
        "Write 是 or 否. Deputies holding leading posts hold at least one station activity a year."
    ),
    "phone": _("An 11-digit mobile number; a masked number (with *) means: keep it."),
}


def _help_text(key: str) -> str:
    return str(HELP_TEXTS.get(key, ""))


def memberships_xlsx(memberships: Iterable[Membership]) -> bytes:
    wb = Workbook(write_only=True)
    with translation.override("zh-hans"):
        ws = wb.create_sheet(str(SHEET_TITLE))
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.append(headers_zh())
    for m in memberships:
        ws.append(row_for(m))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
