"""Demo: names in the prefecture's other scripts (issue 9, item 7).

Divisions get their Uyghur and Kazakh names from ``core/data/division_names.csv`` (migration
core 0009). Here the demo gives the same to stations and delegations of those places, and to
the Uyghur and Kazakh deputies whose two name parts (given name and father's name, written in
Chinese transliteration) are in the small table below. Everyone else keeps only the Chinese
name, which the portal shows as the fallback.
"""

from __future__ import annotations

import random

from lvzhi.core.demo import Progress
from lvzhi.core.models import Division
from lvzhi.registry.models import Deputy, Organisation, OrgKind

# Chinese transliteration → (Uyghur, Kazakh in the Arabic script).
NAME_PARTS: dict[str, tuple[str, str]] = {
    # Uyghur names
    "阿不都热合曼": ("ئابدۇراخمان", "ابدىراحمان"),
    "买买提": ("مەمەت", "مامەت"),
    "艾力": ("ئەلى", "الى"),
    "吐尔逊": ("تۇرسۇن", "تۇرسىن"),
    "艾合买提": ("ئەخمەت", "احمەت"),
    "阿布都拉": ("ئابدۇللا", "ابدوللا"),
    "艾山": ("ھەسەن", "حاسەن"),
    "吾买尔": ("ئۆمەر", "ومار"),
    "阿里木": ("ئالىم", "الىم"),
    "热合曼": ("راخمان", "راحمان"),
    "亚森": ("ياسىن", "ياسىن"),
    "库尔班": ("قۇربان", "قۇربان"),
    "古丽努尔": ("گۈلنۇر", "گۇلنۇر"),
    "阿依古丽": ("ئايگۈل", "ايگۇل"),
    "热依拉": ("رەيلا", "رايلا"),
    "努尔古丽": ("نۇرگۈل", "نۇرگۇل"),
    "阿依努尔": ("ئاينۇر", "اينۇر"),
    "阿米娜": ("ئامىنە", "امينا"),
    # Kazakh names
    "叶尔兰": ("ئېرلان", "ەرلان"),
    "努尔兰": ("نۇرلان", "نۇرلان"),
    "别克": ("بەك", "بەك"),
    "哈力木": ("ھالىم", "حالىم"),
    "阿斯哈尔": ("ئاسقار", "اسقار"),
    "哈那提": ("قانات", "قانات"),
    "巴合提": ("باقىت", "باقىت"),
    "阿依达尔": ("ئايدار", "ايدار"),
    "达吾列提": ("داۋلەت", "داۋلەت"),
    "叶尔肯": ("ئېركىن", "ەركىن"),
    "赛力克": ("سېرىك", "سەرىك"),
    "叶尔江": ("ئېرجان", "ەرجان"),
    "古丽娜尔": ("گۈلنار", "گۇلنار"),
    "加娜尔": ("جانار", "جانار"),
    "阿依江": ("ئايجان", "ايجان"),
    "娜孜古丽": ("نازگۈل", "نازگۇل"),
    "玛依拉": ("مايرا", "مايرا"),
    "阿尔达克": ("ئارداق", "ارداق"),
}
UYGHUR, KAZAKH = "05", "17"  # GB/T 3304 codes

# How a station's or delegation's name is built from its place, per script.
STATION_WORDS = {
    "ug": "خەلق قۇرۇلتىيى ۋەكىللىرى خىزمەتخانىسى",
    "kk": "حالىق قۇرىلتايى دەپۋتاتتارىنىڭ جۇمىس بولمەسى",
}
DELEGATION_WORDS = {"ug": "ۋەكىللەر ئۆمىكى", "kk": "دەپۋتاتتار توبى"}
PREFECTURE_HOME = (
    "ئوبلاستلىق خەلق قۇرۇلتىيى ۋەكىللىرى ئۆيى",
    "وبلىستىق حالىق قۇرىلتايى دەپۋتاتتارىنىڭ ٴۇيى",
)


def names_in_scripts(deputy_name: str) -> tuple[str, str] | None:
    """The Uyghur and Kazakh forms of ``given·father`` when both parts are known."""
    parts = deputy_name.split("·")
    if not parts or any(p not in NAME_PARTS for p in parts):
        return None
    return (
        " ".join(NAME_PARTS[p][0] for p in parts),
        " ".join(NAME_PARTS[p][1] for p in parts),
    )


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    changed: list[Deputy] = []
    for d in Deputy.objects.filter(ethnicity__in=[UYGHUR, KAZAKH]).only("id", "name"):
        forms = names_in_scripts(d.name)
        if forms:
            d.name_ug, d.name_kk = forms
            changed.append(d)
    Deputy.objects.bulk_update(changed, ["name_ug", "name_kk"], batch_size=500)
    orgs: list[Organisation] = []
    named = Division.objects.exclude(name_ug="").exclude(name_kk="")
    places = {d.pk: d for d in named}
    for org in Organisation.objects.filter(
        kind__in=[OrgKind.STATION, OrgKind.DELEGATION], division_id__in=list(places)
    ):
        place = places[org.division_id]  # type: ignore[index]
        if org.name == "自治州人大代表之家":
            org.name_ug, org.name_kk = PREFECTURE_HOME
        elif org.kind == OrgKind.STATION and org.name == f"{place.name}人大代表工作室":
            org.name_ug = f"{place.name_ug} {STATION_WORDS['ug']}"
            org.name_kk = f"{place.name_kk} {STATION_WORDS['kk']}"
        elif org.kind == OrgKind.DELEGATION:
            org.name_ug = f"{place.name_ug} {DELEGATION_WORDS['ug']}"
            org.name_kk = f"{place.name_kk} {DELEGATION_WORDS['kk']}"
        else:
            continue
        orgs.append(org)
    Organisation.objects.bulk_update(orgs, ["name_ug", "name_kk"], batch_size=500)
    progress("names in Uyghur and Kazakh", len(changed) + len(orgs), len(changed) + len(orgs))
