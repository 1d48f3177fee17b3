"""What a page's width check reports when it fails: the elements that stand out of the window,
so that a failure seen once in CI names its cause."""

from __future__ import annotations

from typing import Any

# Elements whose right edge is past the window (left edge before it, right to left), the
# innermost first, each as tag.class#id with the start of its text and its width.
_OUTSIDE = """(width) => {
  const rtl = document.documentElement.dir === 'rtl';
  const outside = (r) => r.width > 0 && (rtl ? r.left < -1 : r.right > width + 1);
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!outside(r)) continue;
    if ([...el.children].some((c) => outside(c.getBoundingClientRect()))) continue;
    const cls = el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const id = el.id ? '#' + el.id : '';
    const text = (el.textContent || '').trim().slice(0, 30);
    const edges = `${Math.round(r.left)}-${Math.round(r.right)} px`;
    out.push(`${el.tagName.toLowerCase()}${cls}${id} «${text}» ${edges}`);
  }
  return out.slice(0, 5);
}"""


def fits(page: Any, width: int) -> None:
    """Nothing is wider than the window: no sideways scrolling. A failure names the elements
    that stand out."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width + 1:
        outside = page.evaluate(_OUTSIDE, width)
        raise AssertionError(
            f"{page.url}: the page is {scroll} px wide at {width} px; standing out: {outside}"
        )
