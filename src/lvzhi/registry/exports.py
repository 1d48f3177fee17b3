"""Exports of the deputy list as xlsx and CSV (ID and phone numbers stay masked)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lvzhi.core import spreadsheets

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


# The columns a directory export reads, as values (no model instances: a 15,000-row export
# builds no objects — issue 26.4).
_VALUE_FIELDS = (
    "deputy_id",
    "deputy__name",
    "deputy__gender",
    "deputy__ethnicity",
    "deputy__birth_date",
    "deputy__id_number_masked",
    "deputy__political_status",
    "deputy__education",
    "deputy__position",
    "deputy__occupation_category",
    "deputy__is_grassroots",
    "deputy__is_frontline",
    "deputy__holds_leading_post",
    "deputy__languages",
    "deputy__public_contact",
    "deputy__phone_masked",
    "electoral_unit__name",
    "delegation__name",
    "deputy_group__name",
    "elected_on",
)
CHUNK = 2000


def _labels(enum: Any) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {value: str(text) for value, text in enum.choices}


def directory_lines(memberships: Any) -> Iterator[list[str]]:
    """The rows of ``row_for`` for a queryset of memberships, read as values in chunks with
    one query for the chunk's fields of expertise; the same cells as ``row_for``."""
    from .models import Deputy

    gender, ethnicity, political = _labels(Gender), _labels(Ethnicity), _labels(PoliticalStatus)
    education, occupation = _labels(Education), _labels(OccupationCategory)
    language = _labels(Language)
    through = Deputy.expertise.through
    values = memberships.values_list(*_VALUE_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        fields: dict[int, list[str]] = {}
        for deputy_id, name in through.objects.filter(
            deputy_id__in={row[0] for row in chunk}
        ).values_list("deputy_id", "expertise__name"):
            fields.setdefault(deputy_id, []).append(name)
        for row in chunk:
            (
                deputy_id, name, g, e, birth, id_masked, ps, edu, position, occ, grassroots,
                frontline, leading, langs, contact, phone, unit, delegation, group, elected,
            ) = row  # fmt: skip
            yield [
                name,
                gender.get(g, g),
                ethnicity.get(e, e),
                birth.isoformat(),
                id_masked,
                political.get(ps, ps),
                education.get(edu, edu) if edu else "",
                position,
                occupation.get(occ, occ),
                YES_NO[grassroots],
                YES_NO[frontline],
                YES_NO[leading],
                "、".join(fields.get(deputy_id, ())),
                "、".join(language.get(lang, lang) for lang in langs or ()),
                contact,
                phone,
                unit,
                delegation or "",
                group or "",
                elected.isoformat(),
            ]


def template_xlsx() -> bytes:
    """The empty import template with one example row and an instruction sheet (no title row:
    the importer reads the headings in the first row)."""
    with translation.override("zh-hans"):
        help_rows: list[list[str]] = [
            [str(c.header) + ("（必填）" if c.required else ""), _help_text(c.key), c.example]
            for c in COLUMNS
        ]
        help_rows += [
            [],
            ["民族可填写", "、".join(str(lbl) for _v, lbl in Ethnicity.choices)],
            ["政治面貌可填写", "、".join(str(lbl) for _v, lbl in PoliticalStatus.choices)],
            ["职业类别可填写", "、".join(str(lbl) for _v, lbl in OccupationCategory.choices)],
        ]
        return spreadsheets.xlsx_bytes(
            [
                spreadsheets.Sheet(
                    "代表名册", headers_zh(), [], widths=[c.width for c in COLUMNS], caption=False
                ),
                spreadsheets.Sheet(
                    "填写说明",
                    ["列", "说明", "示例"],
                    help_rows,
                    widths=[24, 60, 24],
                    caption=False,
                ),
            ]
        )


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


def memberships_xlsx(memberships: Iterable[Membership], filters: Iterable[str] = ()) -> bytes:
    """The deputy list through the shared writer; the importer skips its title row, so an
    export can be imported again."""
    return lines_xlsx((row_for(m) for m in memberships), filters)


def lines_xlsx(lines: Iterable[list[str]], filters: Iterable[str] = ()) -> bytes:
    """Rows already made (``directory_lines``) as the deputy list's workbook."""
    with translation.override("zh-hans"):
        sheet = spreadsheets.Sheet(
            str(SHEET_TITLE),
            headers_zh(),
            lines,
            filters=list(filters),
            widths=[c.width for c in COLUMNS],
        )
        return spreadsheets.xlsx_bytes([sheet])
