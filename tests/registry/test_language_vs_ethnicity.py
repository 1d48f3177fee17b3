"""Issue 23 point 6: a language is never named by its people. The language labels carry the
message context "language" (pgettext), so 维吾尔语 and 维吾尔族 are never confused — in the
code list, the deputy form, the export and the importer."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from lvzhi.registry import exports
from lvzhi.registry.codes import Ethnicity, Language
from lvzhi.registry.forms import DeputyForm
from lvzhi.registry.models import Membership
from lvzhi.registry.spreadsheet import LANGUAGE, lookups

pytestmark = pytest.mark.django_db

PAIRS = [
    (Language.UYGHUR, "维吾尔语", Ethnicity.UYGHUR, "维吾尔族"),
    (Language.KAZAKH, "哈萨克语", Ethnicity.KAZAKH, "哈萨克族"),
    (Language.KYRGYZ, "柯尔克孜语", Ethnicity.KYRGYZ, "柯尔克孜族"),
    (Language.XIBE, "锡伯语", Ethnicity.XIBE, "锡伯族"),
    (Language.RUSSIAN, "俄语", Ethnicity.RUSSIAN, "俄罗斯族"),
    (Language.MONGOLIAN, "蒙古语", Ethnicity.MONGOL, "蒙古族"),
]


def test_language_labels_name_the_language_and_ethnicity_labels_the_people() -> None:
    with translation.override("zh-hans"):
        for language, language_zh, ethnicity, ethnicity_zh in PAIRS:
            assert str(language.label) == language_zh
            assert str(ethnicity.label) == ethnicity_zh
        assert str(Language.CHINESE.label) == "汉语"


def test_the_deputy_form_offers_languages_not_ethnic_groups() -> None:
    with translation.override("zh-hans"):
        labels = {str(label) for _v, label in DeputyForm.base_fields["languages"].choices}
    assert {"维吾尔语", "哈萨克语"} <= labels
    assert not any(label.endswith("族") for label in labels)


def test_export_language_column_says_the_language(login: Any) -> None:
    m = (
        Membership.objects.filter(deputy__ethnicity=Ethnicity.UYGHUR)
        .select_related("deputy", "electoral_unit", "delegation", "deputy_group")
        .first()
    )
    assert m is not None
    m.deputy.languages = ["zh", "ug"]
    m.deputy.save(update_fields=["languages"])
    row = exports.row_for(m)
    assert row[2] == "维吾尔族"  # ethnicity
    assert row[13] == "汉语、维吾尔语"  # languages


def test_importer_reads_a_language_name_and_refuses_an_ethnicity_as_language() -> None:
    lookups()
    assert LANGUAGE["维吾尔语"] == "ug" and LANGUAGE["哈萨克语"] == "kk"
    assert "维吾尔族" not in LANGUAGE
