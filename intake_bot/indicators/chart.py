"""A table as a horizontal bar chart in SVG, rendered on the server.

Hand-written rather than pygal: a bar chart is a few rectangles and labels, while pygal adds a
dependency and by default embeds a script (its tooltips) and inline styles, which the portal's
Content-Security-Policy forbids; this SVG has neither (presentation attributes only), reads on
a phone (it scales with its viewBox), and names itself for screen readers (role, title).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from intake_bot.i18n import render
from intake_bot.indicators.model import Table

WIDTH, ROW, TOP, LABEL_WIDTH, BAR_HEIGHT = 640, 28, 36, 250, 18
LABEL_CHARACTERS = 38  # what fits in LABEL_WIDTH at font-size 12; longer labels are cut (…)
BAR_COLOUR, TEXT_COLOUR = "#2b6cb0", "#1a202c"
COUNT_SPACE = 60  # right of the longest bar, for its number


def chart_svg(table: Table) -> str:
    """An SVG document (no script, no style element) with one bar per row of ``table``, the
    number of cases at the end of each bar; a table without rows says there is no data."""
    rows = table.rows or [(render("indicators.no_data", "fr"), 0)]
    height = TOP + ROW * len(rows) + 8
    top = max((count for _, count in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - COUNT_SPACE
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label={quoteattr(table.title)} '
             f'font-family="sans-serif" font-size="12">',
             f"<title>{escape(table.title)}</title>",
             f'<text x="0" y="18" font-size="14" font-weight="bold" fill="{TEXT_COLOUR}">'
             f"{escape(_cut(table.title, 80))}</text>"]
    for index, (label, count) in enumerate(rows):
        parts.append(_bar(index, label, count, round(span * count / top)))
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(index: int, label: str, count: int, length: int) -> str:
    y = TOP + index * ROW
    middle = y + BAR_HEIGHT / 2 + 4
    return (f"<g><title>{escape(label)} : {count}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:g}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(_cut(label, LABEL_CHARACTERS))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle:g}" fill="{TEXT_COLOUR}">{count}</text></g>')


def _cut(text: str, characters: int) -> str:
    return text if len(text) <= characters else text[:characters - 1].rstrip() + "…"
