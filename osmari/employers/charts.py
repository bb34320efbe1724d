"""Server-rendered SVG charts; every chart's numbers are also shown in a table beside it."""

from __future__ import annotations

import pygal
from pygal.style import Style

OSMARI_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5561",
    colors=("#0b4f71", "#c25e00"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)


def demand_supply_svg(
    *,
    title: str,
    labels: list[str],
    demand: list[int],
    supply: list[int],
    demand_label: str,
    supply_label: str,
) -> bytes:
    chart = pygal.HorizontalBar(
        style=OSMARI_STYLE,
        js=[],  # no scripts: the numbers are in the table beside the chart
        width=800,
        height=max(260, 46 * len(labels) + 120),
        legend_at_bottom=True,
        print_values=True,
        show_y_guides=False,
        truncate_label=-1,
    )
    chart.title = title
    chart.x_labels = labels
    chart.add(demand_label, demand)
    chart.add(supply_label, supply)
    return chart.render()
