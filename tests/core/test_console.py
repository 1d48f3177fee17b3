"""core.console.progress_bar: the operators' commands' progress on the terminal."""

from __future__ import annotations

from typing import Any

from lvzhi.core.console import progress_bar


def test_bar_redrawn_in_place_and_ended_when_done(capsys: Any) -> None:
    progress_bar("rows", 3, 10)
    progress_bar("rows", 10, 10)
    out = capsys.readouterr().out
    assert out == (
        "\r  rows       [#########.....................] 3/10"
        "\r  rows       [##############################] 10/10\n"
    )


def test_label_width_and_stage_without_total(capsys: Any) -> None:
    progress_bar("writing seats", 1, 2, label_width=28)
    progress_bar("analyse", 0, 0, label_width=28)
    out = capsys.readouterr().out
    assert out == (
        "\r  writing seats                [" + "#" * 15 + "." * 15 + "] 1/2" + "  analyse\n"
    )
