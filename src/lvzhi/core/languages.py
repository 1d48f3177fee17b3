"""Which parts of the platform speak Uyghur and Kazakh (Arabic script), in one place (issue 24).

A deputy, a citizen and a station keeper read the platform in Chinese, Uyghur or Kazakh: the
deputy's phone workspace (desk, suggestions, proposals and co-signing, voting and ballots,
meetings and materials, activities, duty archive), the notifications (in-app, SMS, e-mail:
the titles and bodies the services write), the citizens' form, tracking and station pages, the
portal, and the documents a deputy receives (activation letter, handbook, certificate).
Staff pages (queues, registers, statistics, compliance, imports) stay in Chinese: see
docs/languages.md for the reason.

``RTL_AREAS`` lists them: template paths (globs) and Python modules, relative to
``src/lvzhi``. Every message those files mark for translation must be translated in both
catalogs (``tests/core/test_i18n_areas.py``, part of ``make test``); ``python -m
lvzhi.core.rtlfill`` writes the translations kept in ``core/data/rtl/*.json`` into the
catalogs. Nothing here is imported by a request: the list serves the check and the fill tool.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]
RTL_LANGUAGES = ("ug", "kk")


@dataclass(frozen=True)
class Area:
    name: str
    templates: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()


RTL_AREAS: tuple[Area, ...] = (
    Area(
        "layout and account",
        templates=(
            "templates/*.html",
            "core/templates/core/desk.html",
            "core/templates/core/desk_notifications.html",
            "core/templates/core/notifications.html",
            "core/templates/core/notification_channels.html",
            "core/templates/core/login.html",
            "core/templates/core/login_code.html",
            "core/templates/core/activate.html",
            "core/templates/core/password_*.html",
            "core/templates/core/second_factor.html",
            "core/templates/core/recovery_codes.html",
            "core/templates/core/job.html",
            "core/templates/core/_job_progress.html",
            "core/templates/core/jobs.html",
            "core/templates/core/_pdf_*.html",
        ),
        modules=(
            # Every app's menu entries and desk panels (a deputy sees some of each).
            "*/apps.py",
            "*/desk.py",
            "core/forms.py",
            "core/passwords.py",
            "core/personal.py",
            "core/challenge.py",
            "core/views.py",
        ),
    ),
    Area(
        "notifications (in-app, SMS, e-mail)",
        modules=(
            "core/notifications.py",
            "core/outbound.py",
            "suggestions/reminders.py",
            "meetings/reminders.py",
        ),
    ),
    Area(
        "suggestions and co-signing",
        templates=(
            "suggestions/templates/suggestions/_*.html",
            "suggestions/templates/suggestions/desk/deputy.html",
            "suggestions/templates/suggestions/detail.html",
            "suggestions/templates/suggestions/draft_form.html",
            "suggestions/templates/suggestions/mine.html",
            "suggestions/templates/suggestions/public_*.html",
        ),
        modules=(
            "suggestions/apps.py",
            "suggestions/cosigning.py",
            "suggestions/events.py",
            "suggestions/forms.py",
            "suggestions/models.py",
            "suggestions/services.py",
            "suggestions/views.py",
            "suggestions/workflow.py",
        ),
    ),
    Area(
        "proposals",
        templates=(
            "proposals/templates/proposals/_list.html",
            "proposals/templates/proposals/_status.html",
            "proposals/templates/proposals/desk/deputy.html",
            "proposals/templates/proposals/detail.html",
            "proposals/templates/proposals/draft_form.html",
            "proposals/templates/proposals/mine.html",
            "proposals/templates/proposals/public_*.html",
        ),
        modules=(
            "proposals/events.py",
            "proposals/forms.py",
            "proposals/models.py",
            "proposals/rules.py",
            "proposals/services.py",
            "proposals/views.py",
            "proposals/workflow.py",
        ),
    ),
    Area(
        "voting and ballots",
        templates=(
            "voting/templates/voting/_*.html",
            "voting/templates/voting/desk/open.html",
            "voting/templates/voting/detail.html",
            "voting/templates/voting/mine.html",
            "voting/templates/voting/roll.html",
            "voting/templates/voting/trackers.html",
        ),
        modules=(
            "voting/apps.py",
            "voting/events.py",
            "voting/forms.py",
            "voting/models.py",
            "voting/services.py",
            "voting/views.py",
        ),
    ),
    Area(
        "meetings and materials",
        templates=(
            "meetings/templates/meetings/desk/deputy.html",
            "meetings/templates/meetings/list.html",
            "meetings/templates/meetings/detail.html",
            "meetings/templates/meetings/material.html",
            "meetings/templates/meetings/brief.html",
        ),
        modules=(
            "meetings/events.py",
            "meetings/forms.py",
            "meetings/models.py",
            "meetings/services.py",
            "meetings/views.py",
        ),
    ),
    Area(
        "activities",
        templates=(
            "activities/templates/activities/mine.html",
            "activities/templates/activities/activity.html",
            "activities/templates/activities/library.html",
            "activities/templates/activities/material.html",
            "activities/templates/activities/training.html",
            "activities/templates/activities/trainings.html",
            "activities/templates/activities/thread.html",
            "activities/templates/activities/forum.html",
            "activities/templates/activities/group.html",
            "activities/templates/activities/groups.html",
            "activities/templates/activities/research.html",
            "activities/templates/activities/inspection.html",
            "activities/templates/activities/project.html",
            "activities/templates/activities/draft.html",
        ),
        modules=(
            "activities/events.py",
            "activities/models.py",
        ),
    ),
    Area(
        "duty archive and the deputy's documents",
        templates=(
            "records/templates/records/archive.html",
            "records/templates/records/certificate.html",
            "records/templates/records/certificates.html",
            "registry/templates/registry/my_public_info.html",
            "registry/templates/registry/desk/deputy.html",
            "contacts/templates/contacts/desk/deputy.html",
            "contacts/templates/contacts/deputy.html",
        ),
        modules=(
            "records/apps.py",
            "records/certificates.py",
            "records/forms.py",
            "records/rules.py",
            "records/sources.py",
            "records/handbook.py",
            "records/models.py",
            "records/pdfs.py",
            "records/workflow.py",
            "registry/codes.py",
            "registry/letters.py",
            "registry/models.py",
        ),
    ),
    Area(
        "stations, the citizens' form and tracking",
        templates=("stations/templates/stations/*.html", "stations/templates/stations/desk/*.html"),
        modules=(
            "stations/apps.py",
            "stations/events.py",
            "stations/forms.py",
            "stations/models.py",
            "stations/services.py",
            "stations/views.py",
            "stations/workflow.py",
        ),
    ),
    Area(
        "portal",
        templates=(
            "portal/templates/portal/base.html",
            "portal/templates/portal/home.html",
            "portal/templates/portal/deputies.html",
            "portal/templates/portal/_deputy_card.html",
            "portal/templates/portal/deputy.html",
            "portal/templates/portal/find.html",
            "portal/templates/portal/news_list.html",
            "portal/templates/portal/news_detail.html",
            "portal/templates/portal/offline.html",
            "portal/templates/portal/verify.html",
        ),
        modules=("portal/files.py", "portal/forms.py", "portal/views.py", "portal/waiting.py"),
    ),
)


def area_files() -> list[Path]:
    """Every file of the areas, each once, in order; a glob or path that matches nothing is an
    error (a renamed template must be renamed here too)."""
    seen: dict[Path, None] = {}
    for area in RTL_AREAS:
        for pattern in (*area.templates, *area.modules):
            found = sorted(SRC.glob(pattern))
            if not found:
                raise FileNotFoundError(f"{area.name}: {pattern} matches no file")
            for path in found:
                seen.setdefault(path, None)
    return list(seen)


# ---------------------------------------------------------------------------------------------
# Catalogs: a small reader and writer of .po files (no third-party library), keyed as gettext
# keys a message: "context\x04msgid" when the entry has a context.


@dataclass
class Entry:
    msgid: str
    msgstr: list[str]
    msgctxt: str | None = None
    msgid_plural: str | None = None
    comments: tuple[str, ...] = ()
    fuzzy: bool = False

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in escaped.rstrip("\n") or len(escaped) > 70:
        parts = escaped.split("\n")
        lines = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return '""\n' + "\n".join(f'"{line}"' for line in lines)
    return '"' + escaped.replace("\n", "\\n") + '"'


def read_po(path: Path) -> tuple[list[str], list[Entry]]:
    """The header block's lines and the entries of a catalog (obsolete ``#~`` entries are
    dropped)."""
    header: list[str] = []
    entries: list[Entry] = []
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or all(ln.startswith("#~") for ln in lines if not ln.startswith("# ")):
            if lines and not entries and not header:
                header = lines
            continue
        comments: list[str] = []
        fields: dict[str, str] = {}
        current = ""
        fuzzy = False
        for line in lines:
            if line.startswith("#"):
                if line.startswith("#,") and "fuzzy" in line:
                    fuzzy = True
                    flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                    if flags:
                        comments.append("#, " + ", ".join(flags))
                elif not line.startswith("#~") and not line.startswith("#|"):
                    comments.append(line)
                continue
            m = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
            if m:
                current = m.group(1)
                fields[current] = _unquote(m.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
        if "msgid" not in fields:
            continue
        if fields["msgid"] == "" and "msgctxt" not in fields:
            header = lines
            continue
        if "msgid_plural" in fields:
            n = 0
            strs = []
            while f"msgstr[{n}]" in fields:
                strs.append(fields[f"msgstr[{n}]"])
                n += 1
        else:
            strs = [fields.get("msgstr", "")]
        entries.append(
            Entry(
                msgid=fields["msgid"],
                msgstr=strs,
                msgctxt=fields.get("msgctxt"),
                msgid_plural=fields.get("msgid_plural"),
                comments=tuple(comments),
                fuzzy=fuzzy,
            )
        )
    return header, entries


def write_po(path: Path, header: list[str], entries: list[Entry]) -> None:
    out = ["\n".join(header)]
    for e in entries:
        lines = list(e.comments)
        if e.fuzzy:
            lines.append("#, fuzzy")
        if e.msgctxt is not None:
            lines.append("msgctxt " + _quote(e.msgctxt))
        lines.append("msgid " + _quote(e.msgid))
        if e.msgid_plural is not None:
            lines.append("msgid_plural " + _quote(e.msgid_plural))
            for i, s in enumerate(e.msgstr):
                lines.append(f"msgstr[{i}] " + _quote(s))
        else:
            lines.append("msgstr " + _quote(e.msgstr[0] if e.msgstr else ""))
        out.append("\n".join(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


def zh_catalogs() -> list[Path]:
    return sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def catalog_for(zh_catalog: Path, language: str) -> Path:
    return zh_catalog.parents[2] / language / "LC_MESSAGES" / "django.po"


# Notifications to deputies, citizens and station keepers are written with
# ``core.i18n.Localized`` (each recipient's language) wherever the service that sends them
# lives: every such message anywhere in these modules belongs to the areas.
NOTIFICATION_SOURCES = ("*/services.py", "*/reminders.py", "*/obligations.py")


def localized_messages() -> set[str]:
    """The msgids passed to ``Localized(...)`` in the notification sources."""
    import ast

    found: set[str] = set()
    for pattern in NOTIFICATION_SOURCES:
        for path in sorted(SRC.glob(pattern)):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Localized"
                    and node.args
                ):
                    continue
                arg = node.args[0]
                if isinstance(arg, ast.Call) and arg.args:
                    arg = arg.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def area_message_keys() -> set[str]:
    """The keys (``context\\x04msgid`` or ``msgid``) of every message the area files mark for
    translation, found the way ``makemessages`` finds them (templatize + xgettext), and the
    notifications written with ``Localized``."""
    from django.utils.translation import templatize

    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for i, path in enumerate(area_files()):
            if path.suffix == ".html":
                target = Path(tmp) / f"t{i}.py"
                target.write_text(
                    templatize(path.read_text(encoding="utf-8"), origin=str(path)),
                    encoding="utf-8",
                )
                sources.append(str(target))
            else:
                sources.append(str(path))
        pot = Path(tmp) / "areas.pot"
        xgettext = shutil.which("xgettext") or "xgettext"
        subprocess.run(  # noqa: S603 - fixed arguments, our own source files
            [xgettext, "--language=Python", "--from-code=UTF-8", "--no-location",
             "--keyword=_", "--keyword=gettext", "--keyword=gettext_lazy",
             "--keyword=gettext_noop", "--keyword=ngettext:1,2", "--keyword=ngettext_lazy:1,2",
             "--keyword=pgettext:1c,2", "--keyword=pgettext_lazy:1c,2",
             "--keyword=npgettext:1c,2,3", "--keyword=npgettext_lazy:1c,2,3",
             "-o", str(pot), *sources],
            check=True,
        )  # fmt: skip
        found = {e.key for e in read_po(pot)[1]} if pot.exists() else set()
    return found | localized_messages()


# ---------------------------------------------------------------------------------------------
# The terminology glossary (docs/glossary.md, data in core/data/glossary.csv): each regulation
# term's Uyghur and Kazakh rendering, and the stems a translation must contain when the Chinese
# translation of the same message uses the term.

GLOSSARY = SRC / "core/data/glossary.csv"


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    ug: str
    kk: str
    stems: dict[str, tuple[str, ...]]
    source: str


def glossary() -> list[Term]:
    import csv

    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return [
            Term(
                zh=row["zh"],
                en=row["en"],
                ug=row["ug"],
                kk=row["kk"],
                stems={lang: tuple(row[f"{lang}_stems"].split("|")) for lang in RTL_LANGUAGES},
                source=row["source"],
            )
            for row in csv.DictReader(f)
        ]


def terms_in(chinese: str, terms: list[Term]) -> list[Term]:
    """The glossary terms a Chinese text uses, longest first; a term inside a longer one that
    is itself in the glossary (代表 in 人民代表大会) does not count on its own."""
    found = []
    masked = chinese
    for term in sorted(terms, key=lambda t: -len(t.zh)):
        if term.zh in masked:
            found.append(term)
            masked = masked.replace(term.zh, "\0" * len(term.zh))
    return found


def glossary_inconsistencies(
    language: str, keys: set[str] | None = None
) -> list[tuple[str, str, str, str]]:
    """(message key, term, Chinese, translation) for every message of the areas whose Chinese
    translation uses a glossary term while its ``language`` translation contains none of the
    term's stems."""
    terms = glossary()
    keys = area_message_keys() if keys is None else keys
    chinese: dict[str, str] = {}
    for zh in zh_catalogs():
        for e in read_po(zh)[1]:
            if e.msgstr and e.msgstr[0]:
                chinese.setdefault(e.key, e.msgstr[0])
    translated: dict[str, str] = {}
    for zh in zh_catalogs():
        path = catalog_for(zh, language)
        if path.exists():
            for e in read_po(path)[1]:
                if e.msgstr and e.msgstr[0]:
                    translated.setdefault(e.key, e.msgstr[0])
    out = []
    for key in sorted(keys):
        text, local = chinese.get(key, ""), translated.get(key, "")
        if not text or not local:
            continue
        for term in missing_terms(text, local, language, terms):
            out.append((key, term.zh, text, local))
    return out


def missing_terms(chinese: str, local: str, language: str, terms: list[Term]) -> list[Term]:
    """The glossary terms the Chinese text uses whose rendering the ``language`` text lacks."""
    return [
        term
        for term in terms_in(chinese, terms)
        if not any(stem in local for stem in term.stems[language])
    ]


GLOSSARY_BEGIN = "<!-- glossary:begin (generated from src/lvzhi/core/data/glossary.csv) -->"
GLOSSARY_END = "<!-- glossary:end -->"


def glossary_markdown() -> str:
    """The table docs/glossary.md shows between its markers."""
    lines = [
        GLOSSARY_BEGIN,
        "",
        "| Chinese | English | Uyghur (ug) | Kazakh (kk, Arabic script) | source |",
        "|---|---|---|---|---|",
    ]
    for t in glossary():
        cells = [t.zh, t.en, f'<bdi dir="rtl">{t.ug}</bdi>', f'<bdi dir="rtl">{t.kk}</bdi>']
        lines.append("| " + " | ".join([*cells, t.source.replace("|", "/")]) + " |")
    return "\n".join([*lines, "", GLOSSARY_END])
