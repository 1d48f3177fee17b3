"""National-standard code lists used for deputies (SPEC section 2).

Codes are the standards' own; labels are English msgids translated by the zh-hans catalog.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    """GB/T 2261.1-2003."""

    UNKNOWN = "0", _("Unknown")
    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
    UNSPECIFIED = "9", _("Unspecified")


class Ethnicity(models.TextChoices):
    """GB/T 3304-1991: the 56 ethnic groups, plus the standard's two residual codes."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BOUYEI = "09", _("Bouyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EWENKI = "45", _("Ewenki")
    DEANG = "46", _("Deang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONPA = "54", _("Monpa")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")
    OTHER = "97", _("Other ethnicity")
    FOREIGN_ORIGIN = "98", _("Naturalised citizen of foreign origin")


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 (with the 2006 revision of party names)."""

    CPC_MEMBER = "01", _("Member of the Communist Party of China")
    CPC_PROBATIONARY = "02", _("Probationary member of the Communist Party of China")
    CYL_MEMBER = "03", _("Member of the Communist Youth League")
    RCCK = "04", _("Member of the Revolutionary Committee of the Kuomintang")
    CDL = "05", _("Member of the China Democratic League")
    CDNCA = "06", _("Member of the China National Democratic Construction Association")
    CAPD = "07", _("Member of the China Association for Promoting Democracy")
    CPWDP = "08", _("Member of the Chinese Peasants' and Workers' Democratic Party")
    ZHI_GONG = "09", _("Member of the China Zhi Gong Party")
    JIUSAN = "10", _("Member of the Jiusan Society")
    TDSL = "11", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTISAN = "12", _("Non-partisan personage")
    MASSES = "13", _("Ordinary citizen")


class Education(models.TextChoices):
    """GB/T 4658-2006, top-level categories."""

    POSTGRADUATE = "10", _("Postgraduate")
    UNDERGRADUATE = "20", _("Undergraduate")
    JUNIOR_COLLEGE = "30", _("Junior college")
    SECONDARY_SPECIALISED = "40", _("Secondary specialised school")
    TECHNICAL = "50", _("Technical school")
    SENIOR_HIGH = "60", _("Senior high school")
    JUNIOR_HIGH = "70", _("Junior high school")
    PRIMARY = "80", _("Primary school")
    OTHER = "90", _("Other")


class OccupationCategory(models.TextChoices):
    """The composition categories congresses report deputies by (Art 67 grassroots priority)."""

    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer or herder")
    PROFESSIONAL = "professional", _("Professional and technical staff")
    CADRE = "cadre", _("Party or government official")
    ENTERPRISE = "enterprise", _("Enterprise manager")
    MILITARY = "military", _("Military")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    """Languages a deputy speaks. The labels carry the message context "language": in English
    "Uyghur" names both a language and an ethnic group, in Chinese they are 维吾尔语 and 维吾尔族,
    and without the context the catalog would give the ethnicity here (issue 23 point 6)."""

    CHINESE = "zh", pgettext_lazy("language", "Chinese")
    UYGHUR = "ug", pgettext_lazy("language", "Uyghur")
    KAZAKH = "kk", pgettext_lazy("language", "Kazakh")
    MONGOLIAN = "mn", pgettext_lazy("language", "Mongolian")
    XIBE = "sjo", pgettext_lazy("language", "Xibe")
    KYRGYZ = "ky", pgettext_lazy("language", "Kyrgyz")
    RUSSIAN = "ru", pgettext_lazy("language", "Russian")
