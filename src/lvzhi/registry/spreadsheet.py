"""The deputy spreadsheet: one column list shared by the template, the export and the import."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .codes import Education, Ethnicity, Gender, Language, OccupationCategory, PoliticalStatus


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    required: bool = False
    width: int = 14
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("name", _("Name"), True, 14, "阿依古丽·别克"),
    Column("gender", _("Gender"), True, 6, "女"),
    Column("ethnicity", _("Ethnicity"), True, 10, "哈萨克族"),
    Column("birth_date", _("Birth date"), True, 12, "1982-05-17"),
    Column("id_number", _("ID number"), False, 22, "654002198205170028"),
    Column("political_status", _("Political status"), True, 16, "中共党员"),
    Column("education", _("Education"), False, 10, "大学本科"),
    Column("position", _("Work unit and position"), False, 30, "伊宁市某社区党支部书记"),
    Column("occupation_category", _("Occupational category"), True, 12, "农民"),
    Column("is_grassroots", _("Grassroots deputy"), False, 8, "是"),
    Column("is_frontline", _("Front-line worker or farmer"), False, 8, "否"),
    Column("holds_leading_post", _("Holds a leading post"), False, 8, "否"),
    Column("expertise", _("Expertise"), False, 20, "农业、教育"),
    Column("languages", _("Languages"), False, 14, "汉语、哈萨克语"),
    Column("public_contact", _("Public contact channel"), False, 20, ""),
    Column("phone", _("Mobile phone"), False, 14, "13899990000"),
    Column("electoral_unit", _("Electoral unit"), True, 24, ""),
    Column("delegation", _("Delegation"), False, 18, ""),
    Column("deputy_group", _("Deputy group"), False, 18, ""),
    Column("elected_on", _("Elected on"), True, 12, "2021-12-20"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def headers_zh() -> list[str]:
    with translation.override("zh-hans"):
        return [str(c.header) + ("*" if c.required else "") for c in COLUMNS]


def header_lookup() -> dict[str, str]:
    """Header text (Chinese or English, with or without *) → column key."""
    out: dict[str, str] = {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for c in COLUMNS:
                out[_norm(str(c.header))] = c.key
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s*＊（）()]", "", text).lower()


def choice_lookup(
    enum: type[models.TextChoices], extra: Iterable[tuple[str, str]] = ()
) -> dict[str, str]:
    """Accepted spellings (code, Chinese label, English label) → code."""
    out: dict[str, str] = {}
    for value in enum.values:
        out[value.lower()] = value
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for value, label in enum.choices:
                out[_norm(str(label))] = value
    for alias, value in extra:
        out[_norm(alias)] = value
    return out


def ethnicity_aliases() -> list[tuple[str, str]]:
    """``哈萨克`` as well as ``哈萨克族``."""
    with translation.override("zh-hans"):
        return [
            (str(label).removesuffix("族"), value)
            for value, label in Ethnicity.choices
            if str(label).endswith("族") and len(str(label)) > 2
        ]


GENDER = choice_lookup(Gender, [("男性", "1"), ("女性", "2"), ("m", "1"), ("f", "2")])
ETHNICITY: dict[str, str] = {}
POLITICAL = choice_lookup(
    PoliticalStatus,
    [
        ("党员", "01"),
        ("中共党员", "01"),
        ("预备党员", "02"),
        ("团员", "03"),
        ("共青团员", "03"),
        ("无党派", "12"),
        ("群众", "13"),
    ],
)
EDUCATION = choice_lookup(
    Education,
    [
        ("研究生", "10"),
        ("硕士", "10"),
        ("博士", "10"),
        ("本科", "20"),
        ("大专", "30"),
        ("中专", "40"),
        ("高中", "60"),
        ("初中", "70"),
        ("小学", "80"),
    ],
)
OCCUPATION = choice_lookup(
    OccupationCategory,
    [
        ("农牧民", "farmer"),
        ("农民", "farmer"),
        ("牧民", "farmer"),
        ("工人", "worker"),
        ("专业技术人员", "professional"),
        ("党政干部", "cadre"),
        ("企业负责人", "enterprise"),
        ("解放军", "military"),
        ("其他", "other"),
    ],
)
LANGUAGE = choice_lookup(
    Language,
    [
        ("汉语", "zh"),
        ("维吾尔语", "ug"),
        ("哈萨克语", "kk"),
        ("蒙古语", "mn"),
        ("锡伯语", "sjo"),
        ("柯尔克孜语", "ky"),
        ("俄语", "ru"),
    ],
)
YES = {"是", "y", "yes", "1", "true", "√", "✓", "有"}
NO = {"否", "n", "no", "0", "false", "×", "无", ""}


def lookups() -> dict[str, dict[str, str]]:
    if not ETHNICITY:
        ETHNICITY.update(choice_lookup(Ethnicity, ethnicity_aliases()))
    return {
        "gender": GENDER,
        "ethnicity": ETHNICITY,
        "political_status": POLITICAL,
        "education": EDUCATION,
        "occupation_category": OCCUPATION,
    }


def norm_key(text: str) -> str:
    return _norm(text)


_DATE_RES = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> dt.date | None:
    """A date cell, or text such as 1982-05-17, 1982/5/17, 1982年5月17日, 19820517."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_RES:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def label(enum: type[models.TextChoices], value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value
