"""Issue 18.3: the deputy import streams the workbook and caps what it decompresses. A zip
bomb, a billion-laughs XML and a huge shared-strings table are refused with a clear Chinese
message, and reading them stays within bounded memory (measured with tracemalloc)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.utils import translation

from lvzhi.registry import exports, imports

# What the import may allocate while refusing a hostile file (the worker went from 184 MB to
# 4.3 GB on a 1 MB bomb before).
MEMORY_BOUND = 48 * 1024 * 1024


def _rewrite(replace: dict[str, Callable[[zipfile.ZipFile, str], None]]) -> bytes:
    """The import template with some members written by ``replace`` (streamed, compressed)."""
    source = zipfile.ZipFile(io.BytesIO(exports.template_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in source.infolist():
            if info.filename in replace:
                replace[info.filename](zf, info.filename)
            else:
                zf.writestr(info, source.read(info.filename))
        for name, write in replace.items():
            if name not in source.namelist():
                write(zf, name)
    return out.getvalue()


def _bomb(zf: zipfile.ZipFile, name: str) -> None:
    """A worksheet of 400 MB that compresses to well under a megabyte."""
    with zf.open(name, "w", force_zip64=True) as fh:
        fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
        fh.write(b'spreadsheetml/2006/main"><sheetData>')
        chunk = b" " * (1024 * 1024)
        for _ in range(400):
            fh.write(chunk)
        fh.write(b"</sheetData></worksheet>")


def _laughs(zf: zipfile.ZipFile, name: str) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    zf.writestr(
        name,
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(entities) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>',
    )


def _many_strings(zf: zipfile.ZipFile, name: str) -> None:
    with zf.open(name, "w") as fh:
        fh.write(
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main">'
        )
        for i in range(2_000_000):
            fh.write(b"<si><t>%d</t></si>" % i)
        fh.write(b"</sst>")


def _refused(data: bytes) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(imports.FileRejected) as exc, translation.override("zh-hans"):
            fh = io.BytesIO(data)
            imports.check_file(fh, len(data))
            imports.read_rows(fh)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return exc.value.message, peak


def test_a_zip_bomb_is_refused_within_bounded_memory() -> None:
    data = _rewrite({"xl/worksheets/sheet1.xml": _bomb})
    assert len(data) < 2 * 1024 * 1024  # well under the 8 MiB upload limit
    message, peak = _refused(data)
    assert "解压" in message and "MB" in message
    assert peak < MEMORY_BOUND, peak


def test_billion_laughs_is_refused() -> None:
    data = _rewrite({"xl/sharedStrings.xml": _laughs})
    message, peak = _refused(data)
    assert "不安全" in message
    assert peak < MEMORY_BOUND, peak


def test_a_huge_shared_strings_table_is_refused_within_bounded_memory() -> None:
    data = _rewrite({"xl/sharedStrings.xml": _many_strings})
    message, peak = _refused(data)
    assert "文字" in message
    assert peak < MEMORY_BOUND, peak


def test_a_sheet_of_endless_empty_rows_stops_at_the_row_limit(settings: object) -> None:
    settings.IMPORT_MAX_ROWS = 100  # type: ignore[attr-defined]

    def rows(zf: zipfile.ZipFile, name: str) -> None:
        from lvzhi.registry.spreadsheet import headers_zh

        head = "".join(
            f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
            for i, h in enumerate(headers_zh()[:20])
        )
        body = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t> </t></is></c></row>'
            for n in range(2, 5000)
        )
        zf.writestr(
            name,
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData><row r="1">{head}</row>{body}'
            "</sheetData></worksheet>",
        )

    message, _peak = _refused(_rewrite({"xl/worksheets/sheet1.xml": rows}))
    assert "100" in message and "行" in message
