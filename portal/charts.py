"""Bar charts drawn on the server as inline SVG (no scripts, no CDN): each bar carries its number as text, so
nothing is said by colour alone, and the chart has a title and a table beside it on the page."""

from __future__ import annotations

from markupsafe import Markup, escape


def bars(title: str, rows: list[tuple[str, float]], unit: str = "", width: int = 640) -> Markup:
    """A horizontal bar chart of ``rows`` (label, value), labelled with the values."""
    bar_h, gap, label_w, value_w = 26, 8, 170, 90
    height = max(1, len(rows)) * (bar_h + gap) + 10
    top = max((v for _, v in rows), default=0) or 1
    scale = (width - label_w - value_w) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        shown = escape(label if len(label) <= 11 else label[:10] + "…")
        number = f"{value:,.0f}{unit}" if float(value).is_integer() else f"{value:,.2f}{unit}"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.0f}" text-anchor="end" class="chart-label">{shown}'
            f"<title>{escape(label)}</title></text>"
            f'<rect x="{label_w}" y="{y}" width="{max(1.0, value * scale):.1f}" height="{bar_h}" class="chart-bar"/>'
            f'<text x="{label_w + max(1.0, value * scale) + 6:.1f}" y="{y + bar_h * 0.7:.0f}" '
            f'class="chart-value">{escape(number)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
