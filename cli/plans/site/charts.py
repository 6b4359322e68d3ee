"""Bar charts as SVG for the site (matplotlib, Agg), reproducible byte for byte.

matplotlib writes a date, its own web address and random ids into an SVG unless told not to: ``metadata``
with every key None drops the metadata block and ``svg.hashsalt`` makes the clip-path and glyph ids a function of the content.
Text stays text (``svg.fonttype: none``): small files, readable by screen readers and search."""
from __future__ import annotations

import io
from functools import lru_cache

COLORS = {"met": "#1b5e20", "not-met": "#b71c1c", "insufficient": "#757575", None: "#1565c0"}
SERIES = ("#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#4e342e", "#ad1457", "#2e7d32", "#37474f")
RC = {"svg.hashsalt": "plans-site", "svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9,
      "axes.spines.top": False, "axes.spines.right": False}


def bar_chart(categories: list[str], series: list[tuple[str, list, list]], unit: str = "",
              threshold: float | None = None, threshold_label: str = "") -> bytes:
    """See :func:`_bar_chart`; the same figures in one process are drawn once."""
    return _bar_chart(tuple(categories), tuple((n, tuple(v), tuple(s)) for n, v, s in series), unit, threshold,
                      threshold_label)


@lru_cache(maxsize=512)
def _bar_chart(categories: tuple, series: tuple, unit: str, threshold: float | None, threshold_label: str) -> bytes:
    """Grouped bars: one group per category (period), one bar per series (reporter or total).

    ``series``: [(name, values, statuses)] with a value (float or None) and a status (colour key, or
    None for the series colour) per category. A dashed line marks ``threshold``. Returns SVG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(RC):
        n = max(len(series), 1)
        fig, ax = plt.subplots(figsize=(max(4.2, 1.2 + len(categories) * (0.5 * n + 0.5)), 2.8))
        width = 0.8 / n
        tops = [threshold or 0]
        for k, (name, values, statuses) in enumerate(series):
            xs = [i + (k - (n - 1) / 2) * width for i in range(len(categories))]
            colors = [COLORS.get(s, SERIES[k % len(SERIES)]) if (s or n == 1) else SERIES[k % len(SERIES)]
                      for s in statuses]
            heights = [v if v is not None else 0 for v in values]
            bars = ax.bar(xs, heights, width=width * 0.9, color=colors, label=name if n > 1 else None)
            for b, v in zip(bars, values):
                if v is not None:
                    ax.annotate(_fmt(v, unit), (b.get_x() + b.get_width() / 2, b.get_height()),
                                ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
            tops += [v for v in values if v is not None]
        if threshold is not None:
            ax.axhline(threshold, color="black", linestyle="--", linewidth=1, label=threshold_label or None)
        ax.set_xticks(range(len(categories)), categories)
        top = max(tops) if tops else 1
        ax.set_ylim(min(0, min(tops)) * 1.15, (top or 1) * 1.18)
        if unit:
            ax.set_ylabel(unit)
        if n > 1 or threshold is not None:
            ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14),
                      ncol=min(3, n + 1))
        # fixed margins: tight_layout would draw the figure once more only to measure it
        fig.subplots_adjust(left=0.13, right=0.98, top=0.93, bottom=0.3 if (n > 1 or threshold is not None) else 0.14)
        buf = io.BytesIO()
        # no <metadata> block at all: no date, and no creator or licence URLs in an offline site
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        plt.close(fig)
    return buf.getvalue()


def _fmt(v: float, unit: str) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s + ("%" if unit == "%" else "")
