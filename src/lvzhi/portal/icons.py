"""The platform's app icon, drawn here (no third-party art): a red field with a white sheet
of paper carrying three lines of text and the red seal of a people's congress — the
deputy's written suggestion. As SVG, and as PNG rasterised by this module (no imaging
library is installed): plain RGBA rows compressed with zlib."""

from __future__ import annotations

import functools
import struct
import zlib

RED = (183, 28, 28)
WHITE = (255, 255, 255)
GOLD = (249, 200, 64)

# Shapes in a 0..1 square: the paper, three lines of text, the seal (a circle).
PAPER = (0.28, 0.18, 0.72, 0.82)
LINES = ((0.36, 0.32, 0.64, 0.36), (0.36, 0.44, 0.64, 0.48), (0.36, 0.56, 0.54, 0.60))
SEAL = (0.60, 0.68, 0.09)  # centre x, centre y, radius


def _rect(box: tuple[float, float, float, float], fill: tuple[int, int, int], rx: int = 0) -> str:
    a, b, c, d = (round(v * 100, 2) for v in box)
    return (
        f'<rect x="{a:g}" y="{b:g}" width="{c - a:g}" height="{d - b:g}" rx="{rx}" '
        f'fill="rgb{fill}"/>'
    )


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="履职">'
    + _rect((0, 0, 1, 1), RED)
    + _rect(PAPER, WHITE, rx=3)
    + "".join(_rect(line, RED) for line in LINES)
    + f'<circle cx="{SEAL[0] * 100:g}" cy="{SEAL[1] * 100:g}" r="{SEAL[2] * 100:g}" '
    f'fill="rgb{GOLD}"/></svg>\n'
)


def _colour(x: float, y: float) -> tuple[int, int, int]:
    cx, cy, r = SEAL
    if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
        return GOLD
    for a, b, c, d in LINES:
        if a <= x <= c and b <= y <= d:
            return RED
    a, b, c, d = PAPER
    if a <= x <= c and b <= y <= d:
        return WHITE
    return RED


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@functools.lru_cache(maxsize=4)
def png(size: int) -> bytes:
    """A ``size``×``size`` PNG of the icon (full bleed, so it also serves as "maskable")."""
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # filter: none
        y = (py + 0.5) / size
        for px in range(size):
            rows.extend(_colour((px + 0.5) / size, y))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
