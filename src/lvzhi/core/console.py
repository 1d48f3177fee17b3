"""A progress bar on the terminal for the operators' long commands (the demo seed, the
deputies' import): one line a stage, redrawn in place as the work goes on."""

from __future__ import annotations

import sys

BAR_WIDTH = 30


def progress_bar(stage: str, done: int, total: int, *, label_width: int = 10) -> None:
    """Draw ``done`` of ``total`` for ``stage`` as a bar of ``BAR_WIDTH``, the line ended once
    all is done; a stage without a total is written once, as its name on a line."""
    if total:
        filled = int(BAR_WIDTH * done / total)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        sys.stdout.write(f"\r  {stage:<{label_width}} [{bar}] {done}/{total}")
        if done >= total:
            sys.stdout.write("\n")
    else:
        sys.stdout.write(f"  {stage}\n")
    sys.stdout.flush()
