"""The attainment chart: each target's value against its threshold, as a PNG (matplotlib, Agg).

One panel per kind of scale, so that no two kinds share an axis: rates and shares (%), changes against a
baseline (a reduction of at least 12 % is not a rate of 12 %), and counts ("bằng 0"). Each bar is named
by its code and its words; met or not met is said in words beside the bar and drawn as a solid or a
hatched bar (readable in black-and-white print), the target is a tick on the bar's line, and the
figures are written in the column to the right of the panel, where no tick can cover them. Numbers use
the Vietnamese decimal comma; text is set in the document's typeface (Times New Roman, or the metric-
compatible Liberation Serif).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

RATE, CHANGE, COUNT = "rate", "change", "count"
PANEL_TITLES = {
    "vi": {RATE: "Tỷ lệ (%)", CHANGE: "Mức thay đổi so với kỳ gốc (%)", COUNT: "Số lượng"},
    "en": {RATE: "Rate (%)", CHANGE: "Change against the baseline (%)", COUNT: "Count"},
}
def _status_words(lang: str) -> dict:
    from plans.i18n import t

    return {k: t(f"status_{k}", lang) for k in ("met", "not-met", "insufficient", "not-due")}


SERIF = ["Times New Roman", "Liberation Serif", "Nimbus Roman", "DejaVu Serif"]


def decimal(x, digits: int = 2) -> str:
    """A figure with the Vietnamese decimal comma and no trailing zeros: 88,84; 12; -1,16."""
    s = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    return s.replace(".", ",") if s != "-0" else "0"


@dataclass
class Bar:
    panel: str
    code: str
    label: str          # "T3 · trong đó tỷ lệ giải quyết đạt trên 90%", wrapped
    value: float | None
    goal: float
    status: str
    result: str         # what the column on the right says: "88,84% · không đạt (> 90%)"


def panel_of(a) -> str:
    if a.target.unit != "percent":
        return COUNT
    if a.indicator is not None and a.indicator.kind == "change":
        return CHANGE
    return RATE


def bars(rows, lang: str = "vi") -> list[Bar]:
    """The chart's content, panel by panel (rates, changes, counts), each in the plan's order."""
    from plans.text import goal as goal_text

    words = _status_words(lang)
    out = []
    for a in rows:
        t = a.target
        panel = panel_of(a)
        unit = "%" if t.unit == "percent" else ""
        value = float(a.value) if a.value is not None else None
        if panel == CHANGE and value is not None and (t.direction or getattr(a.indicator, "direction", None)) == "decrease":
            shown = f"giảm {decimal(value)}%" if lang == "vi" else f"down {decimal(value)}%"
        else:
            shown = f"{decimal(value)}{unit}" if value is not None else "—"
        g = goal_text(t.comparator, t.threshold, t.unit, lang).replace(".", ",")
        result = f"{shown} · {words.get(a.status, a.status)} ({g})" if value is not None else \
            f"{words.get(a.status, a.status)} ({g})"
        text = " ".join((t.text or "").split())
        label = "\n".join(textwrap.wrap(f"{t.id} · {text}", 42, max_lines=2, placeholder=" …"))
        out.append(Bar(panel, t.id, label, value, float(t.threshold), a.status, result))
    order = {RATE: 0, CHANGE: 1, COUNT: 2}
    return sorted(out, key=lambda b: order[b.panel])  # stable: the plan's order within a panel


VIETNAMESE = "ẪỆỮỹđƯơ"


def _covers(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(c)) for c in VIETNAMESE)


def _font(plt) -> str:
    """The document's typeface if the system has it with every Vietnamese letter (Times New Roman, else
    Liberation Serif, looked for among the system's fonts even when matplotlib's font cache predates
    them), else DejaVu Serif (shipped with matplotlib)."""
    import re

    from matplotlib import font_manager

    registered = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in SERIF[:3]:
        if name in registered and _covers(registered[name]):
            plt.rcParams["font.family"] = name
            return name
    found = {}
    for path in sorted(font_manager.findSystemFonts()):
        if re.search(r"(times|liberationserif|nimbusroman)", path.replace(" ", "").lower()) and _covers(path):
            try:
                font_manager.fontManager.addfont(path)
                found.setdefault(font_manager.FontProperties(fname=path).get_name(), path)
            except (OSError, RuntimeError, ValueError):
                continue
    family = next((n for n in SERIF if n in found), "DejaVu Serif")
    plt.rcParams["font.family"] = family
    return family


# the layout, in inches
WIDTH, LEFT, RIGHT_COLUMN, ROW, PANEL_TITLE, AXIS, TOP, GAP = 6.3, 2.45, 1.95, 0.40, 0.28, 0.32, 0.36, 0.22


def attainment_figure(rows, lang: str = "vi", sample: bool = False):
    """The chart as a matplotlib Figure (for the PNG and for tests that look inside it), or None."""
    items = bars(rows, lang)
    if not items:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    _font(plt)
    panels = [p for p in (RATE, CHANGE, COUNT) if any(b.panel == p for b in items)]
    sizes = {p: sum(1 for b in items if b.panel == p) for p in panels}
    height = TOP + sum(PANEL_TITLE + sizes[p] * ROW + AXIS for p in panels) + GAP * (len(panels) - 1) + 0.1
    fig = plt.figure(figsize=(WIDTH, height), dpi=200)
    fmt = FuncFormatter(lambda x, _: decimal(x))
    y_top = height - TOP
    for p in panels:
        group = [b for b in items if b.panel == p]
        h = len(group) * ROW
        y_top -= PANEL_TITLE
        ax = fig.add_axes((LEFT / WIDTH, (y_top - h) / height, (WIDTH - LEFT - RIGHT_COLUMN) / WIDTH, h / height))
        y_top -= h + AXIS + GAP
        ys = list(range(len(group)))
        values = [b.value or 0 for b in group]
        ax.barh(ys, values, height=0.6,
                color=["#4d4d4d" if b.status == "met" else "white" for b in group],
                edgecolor="black", linewidth=0.8,
                hatch=[None if b.status in ("met", "not-due") else "////" for b in group])
        for y, b in zip(ys, group):
            ax.plot([b.goal, b.goal], [y - 0.42, y + 0.42], color="black", linewidth=2.2, solid_capstyle="butt",
                    zorder=4)
            ax.text(1.03, y, b.result, transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=7.5)
        top = max([*values, *(b.goal for b in group)]) or 1
        ax.set_xlim(0, top * 1.08 if p != COUNT else max(top + 1, 2))
        ax.set_yticks(ys, [b.label for b in group], fontsize=7.5)
        ax.set_ylim(len(group) - 0.5, -0.5)
        ax.xaxis.set_major_formatter(fmt)
        if p == COUNT:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_title(PANEL_TITLES.get(lang, PANEL_TITLES["vi"])[p], fontsize=8.5, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
    words = _status_words(lang)
    handles = [Patch(facecolor="#4d4d4d", edgecolor="black", label=words["met"].capitalize()),
               Patch(facecolor="white", edgecolor="black", hatch="////", label=words["not-met"].capitalize()),
               Line2D([], [], color="black", linewidth=2.2, label="Mức chỉ tiêu" if lang == "vi" else "Target")]
    title = "Mức đạt chỉ tiêu" if lang == "vi" else "Target attainment"
    if sample:
        title += " — DỮ LIỆU MẪU" if lang == "vi" else " — SAMPLE DATA"
    fig.suptitle(title, fontsize=10, x=0.02, ha="left", y=1 - 0.08 / height, va="top")
    fig.legend(handles=handles, loc="upper right", ncol=3, fontsize=7.5, frameon=False,
               bbox_to_anchor=(0.99, 1 - 0.04 / height), handlelength=1.6)
    return fig


def attainment_chart(rows, lang: str = "vi", sample: bool = False) -> bytes | None:
    """``rows``: Attainment objects. Returns PNG bytes, or None if there is nothing to draw."""
    fig = attainment_figure(rows, lang, sample)
    if fig is None:
        return None
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
