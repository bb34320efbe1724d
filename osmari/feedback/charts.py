"""The trend chart of the feedback results; its numbers are in the table beside it."""

from __future__ import annotations

import pygal

from osmari.employers.charts import OSMARI_STYLE


def trend_svg(*, title: str, labels: list[str], values: list[float | None], label: str) -> bytes:
    chart = pygal.Line(
        style=OSMARI_STYLE,
        js=[],
        width=800,
        height=360,
        show_legend=False,
        print_values=True,
        allow_interruptions=True,  # a hidden quarter is a gap, not a zero
        range=(0, 10) if any(v is not None and v > 5 for v in values) else (1, 5),
        x_label_rotation=30,
        truncate_label=-1,
    )
    chart.title = title
    chart.x_labels = labels
    chart.add(label, values)
    return chart.render()
