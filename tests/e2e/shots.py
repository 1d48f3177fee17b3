"""Screenshots for the documentation (docs/img/): the window only, never the whole page, cut
below what the picture is about, and made small with pngquant and optipng when they are
installed (``apt-get install pngquant optipng``; without them the PNG is kept as the browser
wrote it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
MARGIN = 16


def save(page: Any, path: Path, *, down_to: Any = None) -> None:
    """Writes the window of ``page`` to ``path``; with ``down_to`` (a locator) the picture ends
    a little below the lowest of the elements it matches."""
    size = page.viewport_size
    clip = None
    if down_to is not None:
        boxes = [down_to.nth(i).bounding_box() for i in range(down_to.count())]
        bottom = max((b["y"] + b["height"] for b in boxes if b), default=size["height"])
        height = min(size["height"], int(bottom) + MARGIN)
        clip = {"x": 0, "y": 0, "width": size["width"], "height": height}
    page.screenshot(path=str(path), full_page=False, clip=clip)
    optimise(path)


def optimise(path: Path) -> None:
    """Fewer bytes for the same picture to the eye: 256 colours (pngquant keeps the text crisp at
    this quality), then a lossless recompression."""
    if shutil.which("pngquant"):
        quality = ["--quality=70-95", "--speed=1", "--strip", "--skip-if-larger"]
        subprocess.run(
            ["pngquant", *quality, "--force", "--output", str(path), str(path)],
            check=False,
            capture_output=True,
        )
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(path)], check=False, capture_output=True)
