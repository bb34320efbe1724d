"""The targets chart: reached, forecast and target per target, as a server-rendered SVG."""

from __future__ import annotations

import pygal

from osmari.employers.charts import OSMARI_STYLE

TARGET_STYLE = OSMARI_STYLE.__class__(
    **{**OSMARI_STYLE.__dict__, "colors": ("#0b4f71", "#6b8fa6", "#c25e00")}
)


def _horizontal_bars(chart_class, *, style, title, labels, series, row_height: int) -> bytes:
    chart = chart_class(
        style=style,
        js=[],  # no scripts: the numbers are in the table beside the chart
        width=800,
        height=max(300, row_height * len(labels) + 130),
        legend_at_bottom=True,
        print_values=True,
        show_y_guides=False,
        truncate_label=-1,
    )
    chart.title = title
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return chart.render()


def targets_svg(*, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> bytes:
    return _horizontal_bars(
        pygal.HorizontalBar,
        style=TARGET_STYLE,
        title=title,
        labels=labels,
        series=series,
        row_height=70,
    )


DISTANCE_STYLE = OSMARI_STYLE.__class__(
    **{**OSMARI_STYLE.__dict__, "colors": ("#b3261e", "#8a96a3", "#1e7a46")}
)


def distance_svg(
    *, title: str, labels: list[str], series: list[tuple[str, list[int | None]]]
) -> bytes:
    """People per domain who got worse, stayed the same or got better, stacked; a hidden
    count (None) is left out of its bar, and the table beside says so."""
    return _horizontal_bars(
        pygal.HorizontalStackedBar,
        style=DISTANCE_STYLE,
        title=title,
        labels=labels,
        series=series,
        row_height=60,
    )
