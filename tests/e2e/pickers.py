"""Choosing in a person or organisation picker the way a user does: type, then click the
match in the list (registry.pickers, lvzhi/picker.js)."""

from __future__ import annotations

from typing import Any


def pick(page: Any, input_id: str, query: str, value: str) -> None:
    """Types ``query`` into the picker ``#input_id`` and chooses the option ``value``."""
    box = page.locator(f"#{input_id}")
    box.fill("")
    box.type(query, delay=20)
    option = page.locator(f'#{input_id}_list [data-value="{value}"]')
    option.wait_for(state="visible", timeout=15000)
    option.click()
    name = box.get_attribute("name").removesuffix("_q")
    page.locator(f'.picker-chosen input[name="{name}"][value="{value}"]').wait_for(state="attached")
