"""Bulk import of deputies from the xlsx template (SPEC section 2; issue: foundation).

Two phases, so that nothing half-written ever remains:
1. read and check every row (progress is reported every few hundred rows);
2. if the mode allows, write all good rows in one transaction.
A bad row is reported by row number and column with a message in Chinese. By default nothing
is written when any row is bad (``ImportMode.ALL_OR_NOTHING``); ``VALID_ROWS`` skips them.
Re-importing updates a deputy found by ID number (or by name and birth date when the file has
no full ID number) instead of creating a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lvzhi.core import clock, crypto, versions
from lvzhi.core.context import current_request
from lvzhi.core.db import analyze, update_rows
from lvzhi.core.errors import Conflict, DomainError, ValidationFailed
from lvzhi.core.models import AuditEvent, Event, User
from lvzhi.core.personal import validate_id_number, validate_phone

from . import events, policies
from .models import (
    SEAT_COPIES,
    Deputy,
    DeputyImport,
    Expertise,
    ImportMode,
    ImportStatus,
    Membership,
    Organisation,
    OrgKind,
    Term,
    new_seat,
    seat_copies,
)
from .services import AUDITED_DEPUTY_FIELDS, DeputyData, apply_deputy_data, clean_deputy_data
from .spreadsheet import (
    COLUMN_BY_KEY,
    COLUMNS,
    LANGUAGE,
    LIST_SEPARATORS,
    NO,
    YES,
    column_letter,
    header_lookup,
    lookups,
    norm_key,
    parse_date,
)

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 250
_MERGE_RE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


@dataclass
class RowError:
    row: int
    column: str  # letter, or "" for the whole row
    header: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FileRejected(ValidationFailed):
    """The file as a whole cannot be read (wrong type, too large, merged cells, headers)."""


@dataclass
class GoodRow:
    row: int
    data: DeputyData
    electoral_unit: Organisation
    delegation: Organisation | None
    deputy_group: Organisation | None
    elected_on: dt.date
    identity: tuple[str, ...]


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def check_file(fh: IO[bytes], size: int) -> None:
    """Refuse files that are too large or not xlsx before parsing them."""
    if size > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _(
                "The file is too large (%(size)s MB); the limit is %(limit)s MB. Split it into "
                "several files."
            )
            % {"size": _mb(size), "limit": _mb(settings.IMPORT_MAX_BYTES)}
        )
    if size == 0:
        raise FileRejected(_("The file is empty."))
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _(
                "This is an old .xls file. Open it in Excel or WPS and save it as "
                ".xlsx, then upload again."
            )
        )
    if not head.startswith(b"PK\x03\x04"):
        raise FileRejected(
            _("This file is not an Excel workbook (.xlsx). Download the template and fill it in.")
        )


# Hostile workbooks (issue 18.3). A workbook is a zip of XML: what the upload limit bounds is
# the compressed size, not what decompressing and parsing it costs. These caps bound both.
_CHUNK = 1024 * 1024
# Blank rows between deputies are skipped, up to this many beyond the row limit.
IMPORT_EMPTY_ROWS_ALLOWED = 1000
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_SI_MARKER = b"<si>"


def _stream(zf: zipfile.ZipFile, name: str) -> Any:
    """The member's bytes in chunks, each chunk with the tail of the previous one in front (so
    a marker split between two chunks is still seen)."""
    tail = b""
    with zf.open(name) as member:
        while chunk := member.read(_CHUNK):
            yield tail + chunk
            tail = chunk[-64:]


def check_archive(fh: IO[bytes]) -> None:
    """Refuse, before any XML is parsed, a workbook that would take more than the caps:
    the total decompressed size and number of members (zip bombs), a DTD anywhere (entity
    expansion, "billion laughs"; an .xlsx never has one) and the size of the shared-strings
    table (which openpyxl keeps whole in memory). Memory stays at a few chunks."""
    fh.seek(0)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(
            _("The workbook cannot be opened; it may be damaged or not an .xlsx file.")
        ) from None
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    with zf:
        members = zf.infolist()
        declared = sum(m.file_size for m in members)
        if len(members) > settings.IMPORT_MAX_MEMBERS or declared > limit:
            raise FileRejected(
                _(
                    "Unpacked, the workbook would take %(size)s MB; the limit is %(limit)s MB. "
                    "Save it again in Excel or WPS without images or unused sheets, or split it."
                )
                % {"size": _mb(declared), "limit": _mb(limit)}
            )
        unpacked = 0
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            strings = 0
            shared = member.filename.endswith("sharedStrings.xml")
            try:
                for chunk in _stream(zf, member.filename):
                    unpacked += len(chunk)
                    if unpacked > limit + _CHUNK * len(members):
                        raise FileRejected(
                            _(
                                "Unpacked, the workbook would take more than %(limit)s MB. "
                                "Save it again in Excel or WPS, or split it."
                            )
                            % {"limit": _mb(limit)}
                        )
                    if any(marker in chunk for marker in _DTD_MARKERS):
                        raise FileRejected(
                            _(
                                "The workbook contains XML declarations that are not safe to "
                                "read (a document type definition). Open it in Excel or WPS, "
                                "save it again as .xlsx and upload that copy."
                            )
                        )
                    if shared:
                        strings += chunk.count(_SI_MARKER) - chunk[:64].count(_SI_MARKER)
                        if strings > settings.IMPORT_MAX_SHARED_STRINGS:
                            raise FileRejected(
                                _(
                                    "The workbook holds more than %(n)d different texts; a "
                                    "deputy list needs far fewer. Remove other sheets or split "
                                    "the file."
                                )
                                % {"n": settings.IMPORT_MAX_SHARED_STRINGS}
                            )
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                raise FileRejected(
                    _("The workbook cannot be opened; it may be damaged or not an .xlsx file.")
                ) from None
    fh.seek(0)


def _merged_ranges(fh: IO[bytes], sheet_path: str) -> list[tuple[str, int, str, int]]:
    """The merged ranges of a sheet, read in chunks (a sheet may be large)."""
    fh.seek(0)
    found: set[tuple[str, int, str, int]] = set()
    with zipfile.ZipFile(fh) as zf:
        if sheet_path not in zf.namelist():
            return []
        for chunk in _stream(zf, sheet_path):
            for a, b, c, d in _MERGE_RE.findall(chunk):
                found.add((a.decode(), int(b), c.decode(), int(d)))
    return sorted(found, key=lambda r: (r[1], r[0]))


def read_rows(fh: IO[bytes]) -> tuple[dict[int, str], list[tuple[int, tuple[Any, ...]]]]:
    """Open the workbook and return (column index → key, [(row number, values)])."""
    check_archive(fh)
    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileRejected(
            _("The workbook cannot be opened; it may be damaged or not an .xlsx file.")
        ) from None
    try:
        ws = wb.worksheets[0]
        merged = _merged_ranges(fh, getattr(ws, "_worksheet_path", "xl/worksheets/sheet1.xml"))
        if merged:
            where = "、".join(f"{a}{b}:{c}{d}" for a, b, c, d in merged[:5])
            raise FileRejected(
                _(
                    "The sheet contains merged cells (%(where)s). Unmerge them so that every row "
                    "describes one deputy, then upload again."
                )
                % {"where": where}
            )
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        first_data_row = 2
        if header is not None and sum(1 for v in header if v not in (None, "")) == 1:
            # The title row of the platform's own export (lvzhi.core.spreadsheets).
            header = next(rows, None)
            first_data_row = 3
        if header is None:
            raise FileRejected(_("The sheet is empty."))
        lookup = header_lookup()
        columns: dict[int, str] = {}
        for i, text in enumerate(header):
            if text is None or not str(text).strip():
                continue
            key = lookup.get(norm_key(str(text)))
            if key is None:
                raise FileRejected(
                    _(
                        "Column %(col)s has an unknown heading “%(text)s”. Use the template's "
                        "headings."
                    )
                    % {"col": column_letter(i), "text": str(text)[:40]}
                )
            if key in columns.values():
                raise FileRejected(
                    _("The heading “%(text)s” appears twice.") % {"text": str(text)[:40]}
                )
            columns[i] = key
        missing = [str(c.header) for c in COLUMNS if c.required and c.key not in columns.values()]
        if missing:
            raise FileRejected(
                _("Required columns are missing: %(cols)s.") % {"cols": "、".join(missing)}
            )
        data: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in enumerate(rows, start=first_data_row):
            if number - first_data_row >= settings.IMPORT_MAX_ROWS + IMPORT_EMPTY_ROWS_ALLOWED:
                # Empty rows count too: a sheet of a million blank rows is read no further.
                raise FileRejected(
                    _("The file has more than %(n)d rows; split it.")
                    % {"n": settings.IMPORT_MAX_ROWS}
                )
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue  # empty rows are skipped without a word
            data.append((number, values))
            if len(data) > settings.IMPORT_MAX_ROWS:
                raise FileRejected(
                    _("The file has more than %(n)d rows; split it.")
                    % {"n": settings.IMPORT_MAX_ROWS}
                )
        return columns, data
    finally:
        wb.close()


class _Context:
    """Look-up tables loaded once per import (constant number of queries)."""

    def __init__(self, actor: User, term: Term, col_index: dict[str, int]) -> None:
        self.term = term
        self.col_index = col_index
        units = Organisation.objects.filter(
            kind__in=[OrgKind.ELECTORAL_UNIT, OrgKind.DELEGATION, OrgKind.DEPUTY_GROUP]
        )
        self.by_kind: dict[str, dict[str, list[Organisation]]] = {}
        for org in units:
            if org.congress_id not in (None, term.congress_id):
                continue
            for name in {org.name, org.short_name} - {""}:
                self.by_kind.setdefault(org.kind, {}).setdefault(norm_key(name), []).append(org)
        self.actor = actor
        self.paths = policies.scope_paths(actor, policies.IMPORT_ROLES)

    def org(self, kind: str, text: str) -> Organisation | str | None:
        """Organisation by name; a string is an error message."""
        found = self.by_kind.get(kind, {}).get(norm_key(text), [])
        if not found:
            return _("No organisation of this kind is called “%(name)s” in this congress.") % {
                "name": text[:40]
            }
        if len(found) > 1:
            return _("Several organisations are called “%(name)s”; use the full name.") % {
                "name": text[:40]
            }
        org = found[0]
        if self.paths is not None and not any(org.path.startswith(p) for p in self.paths):
            return _("“%(name)s” is outside your scope.") % {"name": text[:40]}
        return org


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _valid_id_number(text: str) -> str:
    return validate_id_number(text, today=clock.today())


def check_row(ctx: _Context, number: int, cells: dict[str, Any]) -> GoodRow | list[RowError]:
    errors: list[RowError] = []

    def err(key: str, message: str) -> None:
        idx = ctx.col_index.get(key)
        errors.append(
            RowError(
                number,
                column_letter(idx) if idx is not None else "",
                str(COLUMN_BY_KEY[key].header),
                message,
            )
        )

    # Every error of the row is reported at once (issue 28.1): a missing column does not hide
    # a wrong value in another one; a missing column is not checked again below.
    missing = set()
    for column in COLUMNS:
        if column.required and not _text(cells.get(column.key)):
            err(column.key, _("This column is required."))
            missing.add(column.key)
    tables = lookups()
    coded: dict[str, str] = {}
    for key in ("gender", "ethnicity", "political_status", "education", "occupation_category"):
        raw = _text(cells.get(key))
        if not raw:
            coded[key] = ""
            continue
        code = tables[key].get(norm_key(raw)) or tables[key].get(raw.lower())
        if code is None:
            err(
                key,
                _("Unknown value “%(value)s” for %(column)s.")
                % {"value": raw[:30], "column": COLUMN_BY_KEY[key].header},
            )
        else:
            coded[key] = code
    flags: dict[str, bool] = {}
    for key in ("is_grassroots", "is_frontline", "holds_leading_post"):
        raw = _text(cells.get(key)).lower()
        if raw in YES:
            flags[key] = True
        elif raw in NO:
            flags[key] = False
        else:
            err(key, _("Write 是 or 否."))
    languages: list[str] = []
    for part in LIST_SEPARATORS.split(_text(cells.get("languages"))):
        if part:
            code = LANGUAGE.get(norm_key(part))
            if code is None:
                err("languages", _("Unknown language “%(value)s”.") % {"value": part[:20]})
            elif code not in languages:
                languages.append(code)
    birth = parse_date(cells.get("birth_date"))
    if birth is None and "birth_date" not in missing:
        err("birth_date", _("Write the date as 1982-05-17."))
    elected = parse_date(cells.get("elected_on"))
    if elected is None and "elected_on" not in missing:
        err("elected_on", _("Write the date as 1982-05-17."))
    id_text = _text(cells.get("id_number"))
    masked_id = "*" in id_text
    # The personal numbers are checked here too, so that their errors join the others.
    phone_text = _text(cells.get("phone"))
    for key, text, check in (
        ("id_number", "" if masked_id else id_text, _valid_id_number),
        ("phone", "" if "*" in phone_text else phone_text, validate_phone),
    ):
        if text:
            try:
                check(text)
            except ValidationFailed as exc:
                err(key, exc.message)
    orgs: dict[str, Organisation | None] = {}
    for key, kind in (
        ("electoral_unit", OrgKind.ELECTORAL_UNIT),
        ("delegation", OrgKind.DELEGATION),
        ("deputy_group", OrgKind.DEPUTY_GROUP),
    ):
        raw = _text(cells.get(key))
        if not raw:
            orgs[key] = None
            continue
        found = ctx.org(kind, raw)
        if isinstance(found, str):
            err(key, found)
        else:
            orgs[key] = found
    if errors:
        return errors
    assert birth is not None and elected is not None
    data = DeputyData(
        name=_text(cells.get("name")),
        gender=coded["gender"],
        ethnicity=coded["ethnicity"],
        political_status=coded["political_status"],
        birth_date=birth,
        occupation_category=coded["occupation_category"],
        education=coded["education"],
        position=_text(cells.get("position"))[:200],
        languages=languages,
        public_contact=_text(cells.get("public_contact"))[:100],
        phone="" if "*" in _text(cells.get("phone")) else _text(cells.get("phone")),
        id_number="" if masked_id else id_text,
        expertise=[p for p in LIST_SEPARATORS.split(_text(cells.get("expertise"))) if p],
        is_grassroots=flags.get("is_grassroots", False),
        is_frontline=flags.get("is_frontline", False),
        holds_leading_post=flags.get("holds_leading_post", False),
    )
    try:
        clean_deputy_data(data)
    except ValidationFailed as exc:
        err(exc.field or "name", exc.message)
        return errors
    unit = orgs["electoral_unit"]
    assert unit is not None
    if elected > ctx.term.ends_on or elected < ctx.term.starts_on - dt.timedelta(days=366):
        err("elected_on", _("The election date lies outside the term."))
        return errors
    identity: tuple[str, ...] = (
        ("id", crypto.lookup_hash(data.id_number))
        if data.id_number
        else ("nb", data.name, data.birth_date.isoformat() if data.birth_date else "")
    )
    return GoodRow(number, data, unit, orgs["delegation"], orgs["deputy_group"], elected, identity)


def run(
    *,
    actor: User,
    term: Term,
    fh: IO[bytes],
    size: int,
    mode: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the whole file, then write (or not) according to ``mode``."""
    if not policies.can_import(actor):
        raise ValidationFailed(_("You may not import deputies."))
    report = progress or (lambda stage, done, total: None)
    check_file(fh, size)
    report("reading", 0, 0)
    columns, rows = read_rows(fh)
    result = ImportResult(total=len(rows))
    ctx = _Context(actor, term, {key: idx for idx, key in columns.items()})
    good: list[GoodRow] = []
    seen: dict[tuple[str, ...], int] = {}
    for i, (number, values) in enumerate(rows, start=1):
        cells = {key: values[idx] if idx < len(values) else None for idx, key in columns.items()}
        checked = check_row(ctx, number, cells)
        if isinstance(checked, list):
            result.errors.extend(checked)
        elif checked.identity in seen:
            result.errors.append(
                RowError(
                    number,
                    "",
                    "",
                    _("This row describes the same person as row %(row)d.")
                    % {"row": seen[checked.identity]},
                )
            )
        else:
            seen[checked.identity] = number
            good.append(checked)
        if i % PROGRESS_EVERY == 0:
            report("checking", i, len(rows))
    report("checking", len(rows), len(rows))
    bad_rows = {e.row for e in result.errors}
    result.skipped = len(bad_rows)
    if not rows:
        raise FileRejected(_("The sheet has a heading row but no deputies."))
    if result.errors and mode == ImportMode.ALL_OR_NOTHING:
        return result
    report("writing", 0, len(good))
    try:
        _write(actor, term, good, result)
    except IntegrityError:
        # Another import (or an edit) registered one of these people in the same moment; the
        # unique ID-number and seat constraints refused the duplicate and nothing was written.
        raise Conflict(
            _(
                "Some of these deputies were registered by someone else at the same moment; "
                "nothing of this file was written. Upload it again: those rows will then "
                "update the deputies instead of adding them twice."
            )
        ) from None
    result.written = True
    report("done", len(good), len(good))
    return result


def chunks(values: list[Any], size: int = 900) -> list[list[Any]]:
    """Slices small enough for any database's limit on query parameters."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def _find_existing(good: list[GoodRow]) -> dict[tuple[str, ...], Deputy]:
    found: dict[tuple[str, ...], Deputy] = {}
    # During a field-key rotation a stored row may still carry the digest under an old key
    # (core.crypto's keyring): every digest of the number leads back to the row's identity.
    current: dict[str, str] = {}
    for g in good:
        if g.identity[0] == "id":
            for h in crypto.lookup_hashes(g.data.id_number):
                current.setdefault(h, g.identity[1])
    for part in chunks(sorted(current)):
        for d in Deputy.objects.filter(id_number_hash__in=part):
            found[("id", current[d.id_number_hash])] = d
    names = [g for g in good if g.identity[0] == "nb"]
    name_set = sorted({g.data.name for g in names})
    for part in chunks(name_set):
        for d in Deputy.objects.filter(name__in=part):
            found.setdefault(("nb", d.name, d.birth_date.isoformat()), d)
    return found


@transaction.atomic
def _write(actor: User, term: Term, good: list[GoodRow], result: ImportResult) -> None:
    now = clock.now()
    existing = _find_existing(good)
    info = current_request.get()
    audits: list[AuditEvent] = []
    new_deputies: list[tuple[GoodRow, Deputy]] = []
    updated: list[tuple[GoodRow, Deputy]] = []
    for g in good:
        deputy = existing.get(g.identity)
        if deputy is None:
            deputy = Deputy(created_at=now, updated_at=now)
            apply_deputy_data(deputy, g.data)
            new_deputies.append((g, deputy))
        else:
            apply_deputy_data(deputy, g.data)
            deputy.updated_at = now
            updated.append((g, deputy))
    Deputy.objects.bulk_create([d for _, d in new_deputies], batch_size=500)
    fields = [
        *AUDITED_DEPUTY_FIELDS,
        "name_pinyin",
        "name_initials",
        "id_number_encrypted",
        "id_number_hash",
        "phone_encrypted",
        "phone_hash",
        "updated_at",
    ]
    update_rows(Deputy, [d for _, d in updated], fields)
    all_rows = new_deputies + updated
    # Expertise tags, in bulk.
    tag_names = sorted({t for g, _d in all_rows for t in g.data.expertise})
    for name in tag_names:
        Expertise.objects.get_or_create(name=name)
    tags = dict(Expertise.objects.filter(name__in=tag_names).values_list("name", "id"))
    through = Deputy.expertise.through
    updated_ids = [d.pk for _, d in updated]
    for part in chunks(updated_ids):
        through.objects.filter(deputy_id__in=part).delete()
    through.objects.bulk_create(
        [
            through(deputy_id=d.pk, expertise_id=tags[t])
            for g, d in all_rows
            for t in g.data.expertise
        ],
        batch_size=1000,
    )
    # Memberships: update the seat in this term, or create it.
    seats = {
        m.deputy_id: m
        for part in chunks(updated_ids)
        for m in Membership.objects.filter(term=term, deputy_id__in=part)
    }
    new_seats: list[Membership] = []
    changed_seats: list[Membership] = []
    for g, d in all_rows:
        seat = seats.get(d.pk)
        if seat is None:
            new_seats.append(new_seat(d, term, g))
        else:
            seat.electoral_unit, seat.delegation = g.electoral_unit, g.delegation
            seat.deputy_group, seat.elected_on = g.deputy_group, g.elected_on
            changed_seats.append(seat)
    Membership.objects.bulk_create(new_seats, batch_size=500)
    # A changed name changes the copies of the deputy on every seat they hold, in any term.
    other_seats = [
        m for part in chunks(updated_ids) for m in Membership.objects.filter(deputy_id__in=part)
    ]
    copies = {d.pk: seat_copies(d) for _g, d in updated}
    for m in [*other_seats, *changed_seats]:
        for column, value in copies[m.deputy_id].items():
            setattr(m, column, value)
    in_this_term = {seat.pk for seat in changed_seats}
    update_rows(Membership, [m for m in other_seats if m.pk not in in_this_term], list(SEAT_COPIES))
    update_rows(
        Membership,
        changed_seats,
        ["electoral_unit", "delegation", "deputy_group", "elected_on", *SEAT_COPIES],
    )

    # One event per new seat in the event log, as ``_membership_create`` writes one.
    elected = [
        events.elected_unsaved(
            m, actor=actor, at=now, on=m.elected_on, reason=_("Elected (imported)")
        )
        for m in new_seats
    ]
    Event.objects.bulk_create(elected, batch_size=1000)
    if elected:
        versions.touched(elected[0].kind)
    # The account follows the seat (issue 21): a person re-elected in this term whose account
    # was disabled when their last seat ended gets it back (and the audit log says why).
    from .services import account_follow_seats

    seated = sorted({m.deputy_id for m in new_seats})
    for part in chunks(seated):
        for deputy in Deputy.objects.filter(pk__in=part, user__is_active=False):
            account_follow_seats(actor=actor, deputy=deputy)
    for action, rows in (
        ("deputy.imported_created", new_deputies),
        ("deputy.imported_updated", updated),
    ):
        for g, d in rows:
            audits.append(
                AuditEvent(
                    at=now,
                    actor=actor,
                    actor_label=str(actor)[:150],
                    action=action,
                    object_type="registry.deputy",
                    object_id=str(d.pk),
                    object_label=d.name,
                    after={
                        "row": g.row,
                        "name": d.name,
                        "id_number": d.id_number_masked,
                        "phone": d.phone_masked,
                        "term": str(term),
                    },
                    ip=info.ip,
                    user_agent=info.user_agent[:200],
                )
            )
    AuditEvent.objects.bulk_create(audits, batch_size=1000)
    for action in {a.action for a in audits}:
        versions.touched(action)  # the bulk write retires cached reads too (core.versions)
    analyze(Deputy, Membership)
    result.created, result.updated = len(new_deputies), len(updated)


def run_job(job: DeputyImport) -> DeputyImport:
    """Run a stored import job, writing its progress to the row as it goes."""
    DeputyImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, stage="reading")

    def progress(stage: str, done: int, total: int) -> None:
        DeputyImport.objects.filter(pk=job.pk).update(
            stage=stage, processed_rows=done, total_rows=max(total, 0) or job.total_rows
        )

    job.file.open("rb")
    try:
        result = run(
            actor=job.created_by,
            term=job.term,
            fh=job.file.file,
            size=job.file.size,
            mode=job.mode,
            progress=progress,
        )
    except DomainError as exc:
        DeputyImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.REJECTED, stage="done", message=exc.message, finished_at=clock.now()
        )
    except Exception as exc:  # an unexpected fault must still end the job visibly
        DeputyImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            stage="done",
            finished_at=clock.now(),
            message=_(
                "The import stopped because of an internal error; nothing was written. (%(kind)s)"
            )
            % {"kind": type(exc).__name__},
        )
        raise
    else:
        DeputyImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE if result.written else ImportStatus.REJECTED,
            stage="done",
            total_rows=result.total,
            processed_rows=result.total,
            created_count=result.created,
            updated_count=result.updated,
            skipped_count=result.skipped if result.written else 0,
            errors=[e.as_dict() for e in result.errors[:2000]],
            finished_at=clock.now(),
        )
    finally:
        job.file.close()
    job.refresh_from_db()
    return job
