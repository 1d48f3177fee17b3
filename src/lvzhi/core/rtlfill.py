"""Write the Uyghur and Kazakh translations kept in ``core/data/rtl/*.json`` into the catalogs,
and list what is still missing (issue 24; docs/languages.md). Re-runnable: after ``make
messages`` has added messages, run it again.

    python -m lvzhi.core.rtlfill            # ug and kk catalogs beside each zh_Hans one, compiled
    python -m lvzhi.core.rtlfill --todo F   # the area messages still untranslated, as a JSON
                                            # file to fill in and drop into core/data/rtl/
    python -m lvzhi.core.rtlfill --check    # exit 1 when an area message lacks a ug or kk
                                            # translation, is fuzzy, or breaks the glossary
    python -m lvzhi.core.rtlfill --glossary-doc   # docs/glossary.md's table from the CSV

Each JSON file maps a message key (the msgid, or ``context\\x04msgid``) to ``[ug, kk]``. A
catalog's entries mirror its zh_Hans catalog (same order and references); a translation found
neither in the JSON nor already in the catalog stays empty (gettext then shows the English
msgid — only on staff pages, which stay Chinese; see ``core.languages.RTL_AREAS``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from .languages import RTL_LANGUAGES, SRC, Entry, catalog_for, read_po, write_po, zh_catalogs

DATA = SRC / "core/data/rtl"
MSGFMT = shutil.which("msgfmt") or "msgfmt"

HEADER = """# {name} translation of lvzhi (issue 24): the deputy's, the citizen's and the station
# keeper's pages, notifications and documents (core.languages.RTL_AREAS).
# Written by `python -m lvzhi.core.rtlfill` from core/data/rtl/*.json.
msgid ""
msgstr ""
"Project-Id-Version: lvzhi\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: 2026-12-07 00:00+0800\\n"
"Last-Translator: lvzhi <lvzhi>\\n"
"Language-Team: {name} <lvzhi>\\n"
"Language: {code}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n\""""

NAMES = {"ug": "Uyghur", "kk": "Kazakh (Arabic script)"}


def load_translations() -> dict[str, dict[str, str]]:
    """{language: {key: text}} from every JSON file, in file-name order (a later file wins)."""
    out: dict[str, dict[str, str]] = {lang: {} for lang in RTL_LANGUAGES}
    for path in sorted(DATA.glob("*.json")):
        for key, pair in json.loads(path.read_text(encoding="utf-8")).items():
            for lang, text in zip(RTL_LANGUAGES, pair, strict=True):
                if text:
                    out[lang][key] = text
    return out


def existing(language: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for zh in zh_catalogs():
        path = catalog_for(zh, language)
        if path.exists():
            for e in read_po(path)[1]:
                if all(e.msgstr) and not e.fuzzy:
                    found.setdefault(e.key, e.msgstr)
    return found


def fill(*, compile_: bool = True) -> list[Path]:
    """Rewrite every ug and kk catalog; returns the paths written."""
    from .languages import area_message_keys

    wanted = area_message_keys()
    translations = load_translations()
    written = []
    for language in RTL_LANGUAGES:
        kept = existing(language)
        given = translations[language]
        for zh in zh_catalogs():
            _h, zh_entries = read_po(zh)
            target = catalog_for(zh, language)
            if not target.exists() and not any(e.key in wanted for e in zh_entries):
                continue  # an app with no message in the areas keeps no ug/kk catalog
            entries = []
            for e in zh_entries:
                text = given.get(e.key)
                if text is not None:
                    strs = [text] * (2 if e.msgid_plural is not None else 1)
                else:
                    strs = kept.get(e.key) or [""] * (2 if e.msgid_plural is not None else 1)
                entries.append(
                    Entry(e.msgid, list(strs), e.msgctxt, e.msgid_plural, e.comments, False)
                )
            header = HEADER.format(name=NAMES[language], code=language).splitlines()
            write_po(target, header, entries)
            written.append(target)
            if compile_:
                subprocess.run(  # noqa: S603 - fixed arguments, our own catalogs
                    [MSGFMT, "--check", "-o", str(target.with_suffix(".mo")), str(target)],
                    check=True,
                )
    return written


def todo() -> dict[str, list[str]]:
    """The area messages that a catalog of either language lacks, with what either has."""
    from .languages import area_message_keys

    have = {lang: existing(lang) for lang in RTL_LANGUAGES}
    return {
        key: [have[lang].get(key, [""])[0] for lang in RTL_LANGUAGES]
        for key in sorted(area_message_keys())
        if any(key not in have[lang] for lang in RTL_LANGUAGES)
    }


def problems() -> list[str]:
    """What ``--check`` (``make check``) and ``tests/core/test_i18n_areas.py`` refuse."""
    from .languages import area_message_keys, glossary_inconsistencies

    keys = area_message_keys()
    out = [f"{lang}: untranslated: {key!r}" for key in todo() for lang in RTL_LANGUAGES]
    for lang in RTL_LANGUAGES:
        for zh in zh_catalogs():
            path = catalog_for(zh, lang)
            if path.exists():
                for e in read_po(path)[1]:
                    if e.key in keys and (e.fuzzy or not all(e.msgstr)):
                        out.append(f"{lang}: fuzzy or empty in {path.relative_to(SRC)}: {e.key!r}")
        for key, term, _zh, text in glossary_inconsistencies(lang, keys):
            out.append(f"{lang}: glossary term {term} not rendered in {key!r}: {text}")
    return sorted(set(out))


def main(argv: list[str] | None = None) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    django.setup()
    parser = argparse.ArgumentParser(prog="python -m lvzhi.core.rtlfill")
    parser.add_argument("--todo", metavar="FILE", help="write the missing messages to FILE")
    parser.add_argument("--check", action="store_true", help="fail on a gap (make check)")
    parser.add_argument(
        "--glossary-doc", action="store_true", help="rewrite the table in docs/glossary.md"
    )
    args = parser.parse_args(argv)
    if shutil.which("msgfmt") is None or shutil.which("xgettext") is None:
        print("GNU gettext is needed (make system-deps)", file=sys.stderr)
        return 2
    if args.glossary_doc:
        from .languages import GLOSSARY_BEGIN, GLOSSARY_END, glossary_markdown

        doc = SRC.parents[1] / "docs/glossary.md"
        text = doc.read_text(encoding="utf-8")
        start, end = text.index(GLOSSARY_BEGIN), text.index(GLOSSARY_END) + len(GLOSSARY_END)
        doc.write_text(text[:start] + glossary_markdown() + text[end:], encoding="utf-8")
        return 0
    if args.check:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        print(f"ug/kk catalogs of the areas: {len(found)} problems")
        return 1 if found else 0
    if args.todo:
        missing = todo()
        Path(args.todo).write_text(
            json.dumps(missing, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        print(f"{len(missing)} messages to translate written to {args.todo}")
        return 0
    for path in fill():
        print(path.relative_to(SRC))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
